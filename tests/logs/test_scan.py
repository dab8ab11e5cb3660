"""The streaming scanner: chunk boundaries, segments, line numbers, bounded memory."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer.kinds import parsers
from fixer.logs import scan
from fixer.logs.scan import Scanner
from fixer.logs.sources import JobLog, Part, open_sources
from tests.support.ghlog import Job, write_run

NOISE = "Collecting something-{i} (from app==0.1.0)\n  Downloading thing-{i}.whl (12 kB)"


def _job(noise: int) -> Job:
    job = Job("backend (3.12)")
    job.setup()
    lines = [NOISE.format(i=i) for i in range(noise)]
    out = "\n".join(lines).splitlines()
    out += [
        'ERROR: Could not find a version that satisfies the requirement types-x>=1; extra == "dev"'
        " (from app[dev]) (from versions: none)",
        'ERROR: No matching distribution found for types-x>=1; extra == "dev"',
    ]
    job.run("Install dependencies", 'python -m pip install -e ".[dev]"', out, exit_code=1)
    job.complete()
    return job


def _scan_dir(path: Path):  # type: ignore[no-untyped-def]
    scanner = Scanner(parsers())
    return [scanner.scan(j) for j in open_sources([str(path)])]


def test_line_numbers_steps_and_commands(tmp_path: Path) -> None:
    write_run(tmp_path, [_job(3)])
    (result,) = _scan_dir(tmp_path)
    whole = (tmp_path / "0_backend (3.12).txt").read_text(encoding="utf-8-sig").splitlines()
    (s1, s2) = [s for s in result.sightings]
    assert "Could not find a version" in whole[s1.finding.evidence[0].line - 1]
    assert "No matching distribution" in whole[s2.finding.evidence[0].line - 1]
    assert s1.finding.evidence[0].step == "Install dependencies"
    assert s1.finding.command == 'python -m pip install -e ".[dev]"'
    failed = [s for s in result.segments if s.failed]
    assert [(s.step, s.exit_code) for s in failed] == [("Install dependencies", 1)]
    assert result.lines == len(whole)


@pytest.mark.parametrize("chunk", [300, 517, 1024, 4096])
def test_results_do_not_depend_on_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    write_run(tmp_path, [_job(200)])
    expected = _scan_dir(tmp_path)
    monkeypatch.setattr(scan, "CHUNK", chunk)
    monkeypatch.setattr(scan, "MARGIN", chunk // 2)
    monkeypatch.setattr(scan, "HISTORY", chunk // 2)
    got = _scan_dir(tmp_path)
    assert [s.finding for s in got[0].sightings] == [s.finding for s in expected[0].sightings]
    assert got[0].lines == expected[0].lines
    assert [(s.step, s.line, s.exit_code) for s in got[0].segments] == [
        (s.step, s.line, s.exit_code) for s in expected[0].segments
    ]


def test_last_line_without_newline_is_read() -> None:
    data = b'x.py:3: error: Missing type parameters for generic type "dict"  [type-arg]'
    job = JobLog("plain", (Part(None, lambda: io.BytesIO(data), "mem"),), False)
    result = Scanner(parsers()).scan(job)
    assert [s.finding.line for s in result.sightings] == [3]
    assert result.lines == 1


class _Endless(io.RawIOBase):
    """A log of ``size`` bytes produced on the fly, with an error at the very end."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.line = b"2025-12-23T18:56:42.8864463Z   Downloading pkg-1.0.whl (12 kB)\n" * 1024
        self.tail = b"2025-12-23T18:56:43.0000000Z ERROR: No matching distribution found for zz\n"

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def,override]
        if self.left <= 0:
            data, self.tail = self.tail, b""
        else:
            data = self.line[: min(len(b), len(self.line), self.left)]
            self.left -= len(data)
        b[: len(data)] = data
        return len(data)


def _chunks(stream: io.RawIOBase) -> Iterator[bytes]:
    yield from iter(lambda: stream.read(1 << 20), b"")


def test_memory_does_not_grow_with_the_log() -> None:
    size = 96 << 20
    job = JobLog("big", (Part(None, lambda: io.BufferedReader(_Endless(size)), "gen"),))
    tracemalloc.start()
    try:
        result = Scanner(parsers()).scan(job)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [s.finding.details["name"] for s in result.sightings] == ["zz"]
    assert peak < 24 << 20, f"peak {peak >> 20} MiB while scanning {size >> 20} MiB"
