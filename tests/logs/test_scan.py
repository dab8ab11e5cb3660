"""The streaming scanner: chunk boundaries, segments, line numbers, bounded memory."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from fixer.contract import Hit, Parser
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


class _Recorder(Parser):
    """Records the text of every line it is handed."""

    triggers = (b"Run pytest", b"[group", b"abc")
    line_triggers = (b"E   ",)
    emits = frozenset({"test.recorded"})
    rank = 0
    seen: ClassVar[list[str]] = []

    def feed(self, hit: Hit) -> None:
        self.seen.append(hit.text)


class _Other(Parser):
    triggers = (b"bcd",)
    emits = frozenset({"test.other"})
    rank = 1
    seen: ClassVar[list[str]] = []

    def feed(self, hit: Hit) -> None:
        self.seen.append(hit.text)


TS = "2025-12-23T18:56:42.8864463Z "


def _scan_text(text: str, name: str = "plain") -> scan.JobScan:
    _Recorder.seen.clear()
    _Other.seen.clear()
    data = text.encode()
    job = JobLog(name, (Part(None, lambda: io.BytesIO(data), "mem"),), False)
    return Scanner([_Recorder, _Other]).scan(job)


def test_line_triggers_count_only_at_the_start_of_the_text() -> None:
    _scan_text(
        f"{TS}E   assert 1 == 2\n{TS}\x1b[31mE   coloured\nE   no timestamp\n"
        f"{TS}x E   inside a line\n{TS} E   indented\n"
    )
    assert _Recorder.seen == ["E   assert 1 == 2", "E   coloured", "E   no timestamp"]


def test_a_trigger_inside_or_across_another_match_is_not_missed() -> None:
    _scan_text(f"{TS}##[group]Run pytest -q\n{TS}##[endgroup]\n{TS}xabcdx\n{TS}only bcd\n{TS}abc\n")
    assert _Recorder.seen == ["##[group]Run pytest -q", "xabcdx", "abc"]
    assert _Other.seen == ["xabcdx", "only bcd"]


def test_past_the_commands_kept_lines_still_reach_the_parsers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scan, "MAX_SEGMENTS", 5)
    steps = "".join(
        f"{TS}##[group]Run pytest tests/t{i}.py\n{TS}shell: bash\n{TS}##[endgroup]\n{TS}E   e{i}\n"
        for i in range(8)
    )
    result = _scan_text(steps + f"{TS}##[error]Process completed with exit code 1.\n")
    assert len(result.segments) == 5
    assert result.segments[-1].command is not None
    assert result.segments[-1].command.script == "pytest tests/t3.py"
    assert result.segments[-1].exit_code == 1
    assert _Recorder.seen == [
        x for i in range(8) for x in (f"##[group]Run pytest tests/t{i}.py", f"E   e{i}")
    ]


@pytest.mark.parametrize("chunk", [64, 200, 4096])
def test_the_job_is_named_by_its_last_name_line(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(scan, "CHUNK", chunk)
    monkeypatch.setattr(scan, "MARGIN", chunk // 2)
    monkeypatch.setattr(scan, "HISTORY", chunk // 2)
    text = f"{TS}Complete job name: first\n" + f"{TS}noise line\n" * 20
    text += f"{TS}Complete job name: second\n{TS}echo Complete job name: not this\n"
    text += f"{TS}E   boom\n"
    result = _scan_text(text)
    assert result.name == "second"
    assert result.lines == 24


def test_markers_count_only_at_the_start_of_a_line() -> None:
    assert not _scan_text(f"{TS}echo x ##[group]not a marker\nplain\n").has_markers
    assert _scan_text(f"plain\n{TS}\x1b[36m##[group]Set up\n").has_markers
    assert _scan_text("##[endgroup]\n").has_markers


@pytest.mark.parametrize("per_automaton", [1, 2, 3])
def test_literals_split_over_several_automata_find_the_same_lines(
    monkeypatch: pytest.MonkeyPatch, per_automaton: int
) -> None:
    """More trigger literals than one automaton takes with its SIMD prefilter are split
    over several; every line still reaches its parsers, once each and in log order."""
    monkeypatch.setattr(scan, "AUTOMATON_LITERALS", per_automaton)
    scanner = Scanner([_Recorder, _Other])
    assert len(scanner._automata) > 1
    assert all(len(scanner._literals[b:]) for _, b in scanner._automata)
    text = f"{TS}##[group]Run pytest -q\n{TS}##[endgroup]\n{TS}xabcdx\n{TS}only bcd\n{TS}abc\n"
    text += f"{TS}E   assert 1 == 2\n{TS}x E   inside a line\n{TS}abc E   bcd\n"
    text += f"{TS}##[error]Process completed with exit code 1.\n"
    result = _scan_text(text)
    assert _Recorder.seen == [
        "##[group]Run pytest -q",
        "xabcdx",
        "abc",
        "E   assert 1 == 2",
        "abc E   bcd",
    ]
    assert _Other.seen == ["xabcdx", "only bcd", "abc E   bcd"]
    assert result.segments[-1].exit_code == 1
