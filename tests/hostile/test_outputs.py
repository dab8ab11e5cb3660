"""What a cap leaves out, and what fixer replaced to show it, is said in every output.

A log with more error lines than a job's cap is diagnosed in text, JSON and markdown, and
each says it was truncated; a log folder whose file name is not UTF-8 gives valid UTF-8
JSON that says what was replaced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.logs.scan import MAX_SIGHTINGS
from tests.support.ghlog import Job, render

LINE = 'pkg/m{0}.py:{1}: error: Missing type parameters for generic type "dict"  [type-arg]'


def _log(tmp_path: Path, errors: int) -> Path:
    job = Job("build")
    job.setup()
    lines = [LINE.format(i // 900, i % 900 + 1) for i in range(errors)]
    job.run("Type check", "mypy pkg", lines, exit_code=1)
    job.complete()
    (data,) = [d for n, d in render([job]).items() if "/" not in n]
    path = tmp_path / "job.log"
    path.write_bytes(data)
    return path


def _diagnose(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["diagnose", *args]) == 1
    return capsys.readouterr().out


def test_a_job_past_the_cap_says_so_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = str(_log(tmp_path, MAX_SIGHTINGS + 50))
    doc = json.loads(_diagnose([log, "--json"], capsys))
    assert doc["summary"]["truncated"] is True
    (why,) = doc["truncated"]
    assert "'build'" in why and f"{MAX_SIGHTINGS:,}" in why
    assert len(doc["findings"]) == MAX_SIGHTINGS
    text = _diagnose([log], capsys)
    assert f"truncated: {why}" in text.splitlines()
    markdown = _diagnose([log, "--format", "markdown"], capsys)
    assert f"> **Truncated:** {why}.  " in markdown.splitlines()


def test_a_job_under_the_cap_is_not_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = str(_log(tmp_path, 30))
    doc = json.loads(_diagnose([log, "--json"], capsys))
    assert (doc["summary"]["truncated"], doc["truncated"], doc["notes"]) == (False, [], [])
    assert "truncated" not in _diagnose([log], capsys).lower()
    assert "Truncated" not in _diagnose([log, "--format", "markdown"], capsys)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_gives_valid_json_that_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    log = _log(tmp_path, 3).read_bytes()
    (folder / os.fsdecode(b"1_caf\xe9 \xff build.txt")).write_bytes(log)
    run = subprocess.run(
        [sys.executable, "-m", "fixer", "diagnose", str(folder), "--json"],
        capture_output=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    doc = json.loads(run.stdout.decode("utf-8"))  # strict: every byte is UTF-8
    (job,) = doc["jobs"]
    assert job["name"] == "caf\ufffd \ufffd build"
    (note,) = doc["notes"]
    assert "b'caf\\xe9 \\xff build'" in note and "U+FFFD" in note
    assert doc["summary"]["truncated"] is False


def test_a_file_name_with_a_newline_gives_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "3_new\nline.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe\x00" * 64)
    assert main(["diagnose", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("fixer: error: "), err
    assert "3_new\\nline.txt" in err, err
