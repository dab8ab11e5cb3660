"""Peak memory stays flat whatever the log's size, line length or number of lines.

Each input is made on the fly (never committed) and read by ``fixer diagnose`` in a
child process, whose peak resident memory is read from ``wait4``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.support.hostile import many_causes, one_line, run_fixer, short_lines_zip

LIMIT_MB = 100


def test_a_zip_member_of_256_mib_of_short_lines(tmp_path: Path) -> None:
    archive = tmp_path / "logs.zip"
    short_lines_zip(archive, 256 << 20)
    assert archive.stat().st_size < 16 << 20
    run = run_fixer(["diagnose", str(archive)])
    assert run.returncode in (0, 1), run.stderr
    assert run.peak_mb < LIMIT_MB, run


def test_a_log_that_is_one_300_mb_line() -> None:
    run = run_fixer(["diagnose", "-"], stdin=one_line(300 << 20))
    assert run.returncode == 1, run.stderr  # the runner's error line is a failure
    assert run.peak_mb < LIMIT_MB, run


@pytest.mark.parametrize(
    "head",
    [
        b"test\tRun pytest\t2026-08-29T15:15:44.%07dZ ##[group]x\n",  # gh --log
        b"test    Run pytest      2026-08-29T15:15:44.%07dZ ##[group]x\n",  # its tabs expanded
    ],
    ids=["gh", "gh-tabs-expanded"],
)
def test_gh_output_then_one_200_mb_line(head: bytes) -> None:
    lines = b"".join(head % i for i in range(8))
    run = run_fixer(["diagnose", "-"], stdin=itertools.chain([lines], one_line(200 << 20)))
    assert run.returncode == 1, run.stderr
    assert run.peak_mb < LIMIT_MB, run


def test_a_log_with_a_million_causes_and_commands() -> None:
    run = run_fixer(["diagnose", "--json", "-"], stdin=many_causes(24 << 20))
    assert run.returncode == 1, run.stderr
    assert run.peak_mb < LIMIT_MB, run


def test_a_log_whose_lines_are_packed_with_trigger_literals(tmp_path: Path) -> None:
    """Every 9 bytes a parser's literal: a 4 MiB chunk holds half a million matches,
    which are searched a slice at a time, not listed at once."""
    log = tmp_path / "packed.log"
    line = b": error: " * 6000 + b"\n"  # 54 kB lines, under the cut of a line
    log.write_bytes(line * ((16 << 20) // len(line)))
    run = run_fixer(["diagnose", str(log)])
    assert run.returncode in (0, 1), run.stderr
    assert run.peak_mb < LIMIT_MB, run
