"""Log sources: files, folders, zips, stdin, and bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from fixer.errors import BadInput
from fixer.logs.sources import open_sources
from tests.support.ghlog import Job, render, write_run, zip_folder


def _run() -> list[Job]:
    a = Job("build (3.11)")
    a.setup()
    a.run(
        "Install",
        "pip install -e .",
        ["ERROR: No matching distribution found for nope"],
        exit_code=1,
    )
    a.complete()
    b = Job("lint")
    b.setup()
    b.run(None, "ruff check .", ["All checks passed!"])
    b.complete()
    return [a, b]


def _read(job_parts: list) -> bytes:  # type: ignore[type-arg]
    out = b""
    for part in job_parts:
        with part.open() as stream:
            out += stream.read()
    return out


def test_folder_reads_each_job_once_from_its_steps(tmp_path: Path) -> None:
    write_run(tmp_path, _run())
    jobs = list(open_sources([str(tmp_path)]))
    assert [j.name for j in jobs] == ["build (3.11)", "lint"]
    steps = [p.step for p in jobs[0].parts]
    assert steps == ["Set up job", "Install", "Complete job"]
    whole = (tmp_path / "0_build (3.11).txt").read_bytes()
    assert _read(list(jobs[0].parts)).replace(b"\xef\xbb\xbf", b"") == whole[3:]


def test_one_jobs_folder_alone_is_that_job_with_its_steps(tmp_path: Path) -> None:
    write_run(tmp_path, _run())
    (tmp_path / "build (3.11)" / "system.txt").write_text("runner diagnostics\n")
    jobs = list(open_sources([str(tmp_path / "build (3.11)")]))
    assert [j.name for j in jobs] == ["build (3.11)"]
    assert [p.step for p in jobs[0].parts] == ["Set up job", "Install", "Complete job"]
    whole = (tmp_path / "0_build (3.11).txt").read_bytes()
    assert _read(list(jobs[0].parts)).replace(b"\xef\xbb\xbf", b"") == whole[3:]


def test_folder_of_numbered_logs_that_are_not_steps_is_a_run(tmp_path: Path) -> None:
    (tmp_path / "0_build.txt").write_text("2024-01-01T00:00:00.0000000Z hello\n")
    (tmp_path / "1_lint.txt").write_text("2024-01-01T00:00:00.0000000Z hello\n")
    assert [j.name for j in open_sources([str(tmp_path)])] == ["build", "lint"]


def test_folder_falls_back_to_job_file_when_steps_are_incomplete(tmp_path: Path) -> None:
    write_run(tmp_path, _run())
    (tmp_path / "build (3.11)" / "2_Install.txt").unlink()
    jobs = list(open_sources([str(tmp_path)]))
    assert [p.step for p in jobs[0].parts] == [None]
    assert jobs[0].parts[0].label.endswith("0_build (3.11).txt")


def test_zip_is_read_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    write_run(folder, _run())
    archive = tmp_path / "logs.zip"
    archive.write_bytes(zip_folder(folder))
    before = sorted(p.name for p in tmp_path.iterdir())
    jobs = list(open_sources([str(archive)]))
    assert [j.name for j in jobs] == ["build (3.11)", "lint"]
    assert b"No matching distribution" in _read(list(jobs[0].parts))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing extracted


def test_plain_file_is_one_job_named_after_it(tmp_path: Path) -> None:
    log = tmp_path / "mypy-output.txt"
    log.write_text("x.py:1: error: boom  [misc]\n")
    (job,) = open_sources([str(log)])
    assert job.name == "mypy-output"
    assert not job.named_by_source


@pytest.mark.parametrize("name", ["../x.txt", "/etc/x.txt", "a/../../x.txt", "C:/x.txt"])
def test_zip_with_unsafe_entry_is_refused(tmp_path: Path, name: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("0_job.txt", "hello\n")
        zf.writestr(name, "evil\n")
    archive = tmp_path / "evil.zip"
    archive.write_bytes(buf.getvalue())
    with pytest.raises(BadInput, match="unsafe entry name"):
        list(open_sources([str(archive)]))


def test_truncated_zip_is_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    write_run(folder, _run())
    data = zip_folder(folder)
    archive = tmp_path / "cut.zip"
    archive.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadInput, match="not a readable zip"):
        list(open_sources([str(archive)]))


def test_missing_source_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such file"):
        list(open_sources([str(tmp_path / "nope.log")]))


def test_folder_without_logs_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("hi")
    with pytest.raises(BadInput, match="no log files"):
        list(open_sources([str(tmp_path)]))


def test_render_matches_github_layout() -> None:
    files = render(_run())
    assert "0_build (3.11).txt" in files
    assert "build (3.11)/2_Install.txt" in files
    assert all(data.startswith(b"\xef\xbb\xbf") for data in files.values())
