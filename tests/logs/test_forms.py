"""The forms and encodings of a log file or standard input, read back as the runner's."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from fixer.app import diagnose_logs
from fixer.errors import BadInput
from fixer.logs import ghform, streams
from fixer.logs.forms import plain_logs, recognize
from fixer.logs.sources import open_sources
from fixer.logs.webui import looks_like_web_text
from tests.support import logforms
from tests.support.ghlog import Job, render

BOM = b"\xef\xbb\xbf"


def _read(job_parts: object) -> list[tuple[str | None, bytes]]:
    out = []
    for part in job_parts:  # type: ignore[attr-defined]
        with part.open() as stream:
            out.append((part.step, stream.read()))
    return out


def _jobs(path: Path) -> dict[str, list[tuple[str | None, bytes]]]:
    return {job.name: _read(job.parts) for job in open_sources([str(path)])}


GH = (
    b"build\tSet up job\t\xef\xbb\xbf2025-12-22T03:42:20.0001370Z Current runner version\n"
    b"build\tSet up job\t2025-12-22T03:42:20.0002370Z Complete job name: build\n"
    b"lint\tUNKNOWN STEP\t\xef\xbb\xbf2025-12-22T03:42:21.0001370Z lint, whole\n"
    b"build\tTest\t\xef\xbb\xbf2025-12-22T03:42:22.0001370Z ##[group]Run pytest\n"
    b"a line pasted without its prefix\n"
    b"build\tTest\t2025-12-22T03:42:22.0002370Z E   assert 1 == 2\r\n"
    b"lint\tUNKNOWN STEP\t2025-12-22T03:42:23.0001370Z lint, again\n"
    b"build\tSet up job\t2025-12-22T03:42:24.0001370Z set up, late\n"
    b"build\tTest\t2025-12-22T03:42:25.0001370Z no newline at the end"
)
WANT = {
    "build": [
        (
            "Set up job",
            b"\xef\xbb\xbf2025-12-22T03:42:20.0001370Z Current runner version\n"
            b"2025-12-22T03:42:20.0002370Z Complete job name: build\n"
            b"2025-12-22T03:42:24.0001370Z set up, late\n",
        ),
        (
            "Test",
            b"\xef\xbb\xbf2025-12-22T03:42:22.0001370Z ##[group]Run pytest\n"
            b"a line pasted without its prefix\n"
            b"2025-12-22T03:42:22.0002370Z E   assert 1 == 2\r\n"
            b"2025-12-22T03:42:25.0001370Z no newline at the end",
        ),
    ],
    "lint": [
        (
            None,
            b"\xef\xbb\xbf2025-12-22T03:42:21.0001370Z lint, whole\n"
            b"2025-12-22T03:42:23.0001370Z lint, again\n",
        )
    ],
}


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20], ids=["tiny-chunks", "small", "large"])
def test_gh_form_keeps_jobs_and_steps_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(ghform, "CHUNK", chunk)
    log = tmp_path / "run.log"
    log.write_bytes(GH)
    assert _jobs(log) == WANT
    assert all(job.named_by_source for job in open_sources([str(log)]))


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20], ids=["tiny-chunks", "small", "large"])
def test_gh_form_reads_a_long_line_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # lines longer than ghform.LONG (most of these): each told by its start, read in pieces
    monkeypatch.setattr(ghform, "CHUNK", chunk)
    monkeypatch.setattr(ghform, "LONG", 32)  # longer than any of its prefixes
    long = b"2025-12-22T03:42:22.0003370Z " + b"z" * 200 + b"\n"
    tail = b"lint\tUNKNOWN STEP\t2025-12-22T03:42:23.0001370Z lint, again\n"
    log = tmp_path / "run.log"
    log.write_bytes(
        GH.replace(tail, b"build\tTest\t" + long + b"lint\tUNKNOWN STEP\t" + long + tail)
    )
    jobs = _jobs(log)
    assert jobs["build"][1][1] == WANT["build"][1][1].replace(
        b"1 == 2\r\n", b"1 == 2\r\n" + long, 1
    )
    assert jobs["lint"][0][1] == WANT["lint"][0][1].replace(b"whole\n", b"whole\n" + long, 1)


def test_gh_form_through_stdin_and_utf16(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BOM + GH)))
    assert {j.name: _read(j.parts) for j in open_sources(["-"])} == WANT
    log = tmp_path / "run.log"
    log.write_bytes("\ufeff".encode("utf-16-le") + GH.decode().encode("utf-16-le"))
    assert _jobs(log) == WANT


def test_gh_form_under_a_note_is_still_gh(tmp_path: Path) -> None:
    # a write-up that saved `gh run view --log-failed` below its own markdown heading
    note = b"# CI log archive: 32615839219\n\n- Conclusion: failure\n\n```text\n"
    log = tmp_path / "run.md"
    log.write_bytes(note + GH + b"\n```\n")
    jobs = _jobs(log)
    assert jobs["lint"] == WANT["lint"]
    assert jobs["build"][0] == WANT["build"][0]
    assert jobs["build"][1][1].startswith(WANT["build"][1][1])  # and the fence's line
    # a runner log under a note stays a runner log
    runner = tmp_path / "runner.md"
    runner.write_bytes(note + TEXT.encode())
    assert recognize("runner.md", runner.open("rb")).form == "runner"


def test_gh_form_with_its_tabs_expanded(tmp_path: Path) -> None:
    # gh's output pasted into a document that expands tabs to spaces (stops of 8)
    note = b"Output of gh run view --log-failed:\n\n"
    log = tmp_path / "pasted.txt"
    log.write_bytes(note + GH.expandtabs(8))
    jobs = _jobs(log)
    assert sorted(jobs) == ["build", "lint"]
    assert jobs["lint"] == WANT["lint"]
    assert [step for step, _ in jobs["build"]] == ["Set up job", "Test"]
    assert b"E   assert 1 == 2" in jobs["build"][1][1]
    # a tool's own output with a timestamp inside its lines, no runner's marker: not gh's
    tool = tmp_path / "tool.txt"
    tool.write_bytes(b"".join(b"fetched pkg-%d   2025-12-22T03:42:20Z ok\n" % i for i in range(9)))
    assert recognize("tool.txt", tool.open("rb")).form == "runner"


def test_tabs_are_put_back_a_bounded_piece_at_a_time() -> None:
    line = b"test    Run pytest      2026-08-29T15:15:44.0000000Z ##[group]x\n"
    long = b"y" * (3 * ghform.CHUNK)
    chunks = list(ghform.tabbed(io.BytesIO(line + long + b"\n" + line)))
    tabbed_line = b"test\tRun pytest\t2026-08-29T15:15:44.0000000Z ##[group]x\n"
    assert b"".join(chunks) == tabbed_line + long + b"\n" + tabbed_line
    assert max(map(len, chunks)) <= ghform.CHUNK + ghform.LONG + len(line)


def test_gh_line_is_told_by_its_timestamp() -> None:
    assert ghform.LINE.match(GH)
    assert ghform.LINE.match(b"job\tstep\t\xef\xbb\xbf2025-12-22T03:42:20Z x")
    assert not ghform.LINE.match(b"name\tvalue\tmore")  # a TSV file is no gh log
    assert not ghform.LINE.match(b"2025-12-22T03:42:20.0001370Z job\tstep\tx")


TEXT = "2025-12-22T03:42:20.0001370Z naïve ✓ x.py:1: error: boom  [misc]\n" * 3


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", "\ufeff".encode("utf-16-le")),
        ("utf-16-be", "\ufeff".encode("utf-16-be")),
        ("utf-32-le", "\ufeff".encode("utf-32-le")),
        ("utf-32-be", "\ufeff".encode("utf-32-be")),
        ("gb18030", b"\x84\x31\x95\x33"),
        ("utf-8", BOM),
        ("utf-16-le", b""),  # no BOM: a NUL in every other byte
        ("utf-16-be", b""),
    ],
)
def test_encodings_a_bom_announces(codec: str, bom: bytes) -> None:
    plain = recognize("x.log", io.BytesIO(bom + TEXT.encode(codec)))
    assert plain.form == "runner"
    assert plain.stream.read() == TEXT.encode()


def test_utf7_with_its_bom() -> None:
    data = "\ufeff" + TEXT
    plain = recognize("x.log", io.BytesIO(data.encode("utf-7")))
    assert plain.stream.read() == TEXT.encode()


def test_undecodable_bytes_become_replacement_characters() -> None:
    data = "\ufeffok\n".encode("utf-16-le") + b"\x00\xd8" + "\nrest\n".encode("utf-16-le")
    assert recognize("x.log", io.BytesIO(data)).stream.read() == "ok\n\ufffd\nrest\n".encode()


def test_an_encoding_no_codec_reads_is_bad_input() -> None:
    with pytest.raises(BadInput, match="UTF-EBCDIC, which fixer cannot read"):
        recognize("x.log", io.BytesIO(b"\xdd\x73\x66\x73abc"))


@pytest.mark.parametrize("data", [b"", BOM, b"\n\r\n  \n", "\ufeff\n".encode("utf-16-le")])
def test_empty_log_is_bad_input(data: bytes) -> None:
    with pytest.raises(BadInput, match=r"x\.log: empty log"):
        list(plain_logs("x.log", "x", io.BytesIO(data), None))


def test_empty_stdin_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(BadInput, match="<stdin>: empty log"):
        diagnose_logs(["-"])


def _job(*, expanded: bool, indent: bytes) -> list[tuple[str, bytes]]:
    job = Job("test")
    job.setup()
    job.checkout()
    job.run("Lint", "ruff check .\nmypy src", ["All checks passed!"], env={"CI": "1"})
    job.run("Test", "pytest -q", ["Error: it broke", "1 failed"], exit_code=1)
    job.complete()
    return logforms.from_archive(render([job]))[0][1]


@pytest.mark.parametrize(
    ("expanded", "indent"), [(True, b"  "), (True, b""), (False, b"")], ids=str
)
def test_web_ui_copy_has_the_runner_frames_back(expanded: bool, indent: bytes) -> None:
    text = logforms.web_text(_job(expanded=expanded, indent=indent), expanded=expanded)
    assert b"##[" not in text and b"2025-" not in text
    plain = recognize("copy.txt", io.BytesIO(text))
    assert plain.form == "web"
    lines = plain.stream.read().decode().splitlines()
    assert "##[error]Process completed with exit code 1." in lines
    assert "Error: it broke" in lines  # a tool's line stays the tool's
    assert lines.count("##[endgroup]") == lines.count("##[group]Run pytest -q") * 3 == 3
    if expanded:
        start = lines.index("##[group]Run ruff check .")
        assert lines[start : start + 7] == [
            "##[group]Run ruff check .",
            "ruff check .",
            "mypy src",
            "shell: /usr/bin/bash -e {0}",
            "env:",
            "  CI: 1",
            "##[endgroup]",
        ]


def test_web_ui_copy_diagnosis_names_the_failed_step(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(logforms.web_text(_job(expanded=True, indent=b"  ")))
    diagnosis = diagnose_logs([str(copy)])
    (job,) = diagnosis.jobs
    assert (job.status, job.failed_step, job.failed_command) == (
        "failed",
        "Run pytest -q",
        "pytest -q",
    )


@pytest.mark.parametrize(
    "text",
    [
        b"Run the tests with: make test\nx.py:1: error: boom\n",
        b"x.py:1: error: Error: Process completed\n",
        b"2025-12-22T03:42:20.0001370Z Run x\n2025-12-22T03:42:20.0001370Z x\n",
    ],
)
def test_tool_output_is_no_web_ui_copy(text: bytes) -> None:
    assert recognize("out.txt", io.BytesIO(text)).form == "runner"


def test_web_text_detection_needs_the_runner() -> None:
    assert looks_like_web_text(b"Current runner version: '2.330.0'\n")
    assert looks_like_web_text(b"Run npm ci\n  npm ci\n  shell: bash\n")
    assert not looks_like_web_text(b"Run npm ci\nadded 3 packages\n")


def test_same_log_given_twice_is_one_job(tmp_path: Path) -> None:
    log = tmp_path / "job.log"
    gh = tmp_path / "gh.log"
    gh.write_bytes(GH)
    log.write_bytes(render([Job("x", [])])["0_x.txt"] + b"2025-12-22T03:42:20Z F401 x\n")
    diagnosis = diagnose_logs([str(gh), str(gh), str(log), str(log)])
    assert [j.name for j in diagnosis.jobs] == ["build", "lint", "job"]


def test_chunk_stream_reads_in_any_sizes() -> None:
    stream = streams.chunk_stream(iter([b"ab", b"", b"cde", b"f"]))
    assert [stream.read(4), stream.read(1), stream.read()] == [b"abcd", b"e", b"f"]
    lines = list(streams.lines_of(io.BytesIO(b"a\r\nb\rc\n\nd")))
    assert lines == [b"a\r\n", b"b\rc\n", b"\n", b"d"]
