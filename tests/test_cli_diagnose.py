"""`fixer diagnose` end to end through the CLI: formats, exit codes, bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from fixer.cli import main
from tests.support.diag import run_step
from tests.support.ghlog import render, write_run, zip_folder

PIP = ['ERROR: No matching distribution found for types-prometheus-client>=0.19.0; extra == "dev"']


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _archive(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    write_run(folder, [run_step(PIP, 'python -m pip install -e ".[dev]"', name="backend (3.12)")])
    return folder


def test_json_schema_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["diagnose", str(_archive(tmp_path)), "--json"], capsys)
    assert (code, err) == (1, "")
    doc = json.loads(out)
    assert doc["schema_version"] == 1
    (finding,) = doc["findings"]
    assert finding["kind"] == "pip.no-matching-distribution"
    assert finding["jobs"] == ["backend (3.12)"]
    assert set(finding) >= {
        "kind",
        "tool",
        "path",
        "line",
        "column",
        "code",
        "message",
        "jobs",
        "evidence",
        "fixable",
        "fix",
    }
    assert finding["evidence"][0]["job"] == "backend (3.12)"
    assert doc["jobs"][0] == {
        "name": "backend (3.12)",
        "status": "failed",
        "failed_step": 'Run python -m pip install -e ".[dev]"',
        "failed_command": 'python -m pip install -e ".[dev]"',
    }


def test_zip_and_folder_give_the_same_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _archive(tmp_path)
    archive = tmp_path / "logs.zip"
    archive.write_bytes(zip_folder(folder))
    _, from_folder, _ = _run(["diagnose", str(folder), "--json"], capsys)
    _, from_zip, _ = _run(["diagnose", str(archive), "--json"], capsys)
    assert json.loads(from_folder)["findings"] == json.loads(from_zip)["findings"]


def test_markdown_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["diagnose", str(_archive(tmp_path)), "--format", "markdown"], capsys)
    assert code == 1
    assert out.startswith("# CI failure analysis")
    assert "## Executive summary" in out
    assert "## Root cause 1: A requirement that no release satisfies" in out
    assert "```text\nERROR: No matching distribution found for types-prometheus-client" in out
    assert "**Recommended fix:**" in out


def test_text_is_plain_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(["diagnose", str(_archive(tmp_path))], capsys)
    assert "\x1b[" not in out
    assert "pip.no-matching-distribution" in out
    _, colored, _ = _run(["diagnose", str(_archive(tmp_path)), "--color", "always"], capsys)
    assert "\x1b[" in colored


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = next(v for k, v in render([run_step(PIP, "pip install .")]).items() if "/" not in k)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = _run(["diagnose", "-", "--json"], capsys)
    assert code == 1
    assert json.loads(out)["findings"][0]["jobs"] == ["ci"]  # named by "Complete job name:"


def test_clean_log_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "run"
    write_run(folder, [run_step(["All checks passed!"], "ruff check .", exit_code=0)])
    code, out, _ = _run(["diagnose", str(folder)], capsys)
    assert code == 0
    assert "No failure found" in out


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _bad_zip(tmp_path: Path, name: str) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, "x\n")
    path = tmp_path / "bad.zip"
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(
            lambda p: _write(p / "t.zip", zip_folder(_archive(p))[:300]),
            "not a readable zip",
            id="truncated-zip",
        ),
        pytest.param(lambda p: _bad_zip(p, "../x.txt"), "unsafe entry name", id="zip-dotdot"),
        pytest.param(lambda p: _bad_zip(p, "/etc/x.txt"), "unsafe entry name", id="zip-absolute"),
        pytest.param(
            lambda p: _write(p / "b.bin", bytes(range(256)) * 64),
            "binary data, not a log",
            id="binary",
        ),
        pytest.param(lambda p: p / "missing.log", "no such file or folder", id="missing"),
        pytest.param(lambda p: _write(p / "job.log", b""), "empty log", id="empty"),
        pytest.param(
            lambda p: _write(p / "job.log", b"\xef\xbb\xbf\r\n\n"), "empty log", id="blank"
        ),
        pytest.param(
            lambda p: _write(p / "job.log", "\ufeff".encode("utf-16-le")),
            "empty log",
            id="utf16-empty",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    path = make(tmp_path)
    code, out, err = _run(["diagnose", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("fixer: error: ")
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("data", "expected_code"),
    [
        pytest.param(
            "caf\xe9 ok\nx.py:2:1: F401 'os' imported but unused\n".encode("latin-1"),
            1,
            id="latin-1",
        ),
    ],
)
def test_odd_but_valid_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected_code: int
) -> None:
    log = tmp_path / "job.log"
    log.write_bytes(data)
    code, _, err = _run(["diagnose", str(log)], capsys)
    assert (code, err) == (expected_code, "")


def test_help_lists_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["diagnose", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--json" in out and "--repo" in out and "exit codes" in out
