"""`fixer demo`: one JSON document with --json, the repositories left in --keep DIR, and
a JS fix that ESLint could not check reported as such, with why."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer import demo
from fixer.cli import main
from tests.support.pypi_index import IndexServer, serve_index


@pytest.fixture(scope="module")
def index() -> Iterator[IndexServer]:
    with serve_index({"types-pyyaml": ["6.0.12.20250915"], "mypy": ["1.19.1"]}) as server:
        yield server


@pytest.fixture
def local_index(index: IndexServer, monkeypatch: pytest.MonkeyPatch) -> IndexServer:
    monkeypatch.setenv("FIXER_INDEX_URL", index.url)
    return index


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_json_is_one_document_and_keep_leaves_the_repositories(
    local_index: IndexServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not (demo.NODE_TOOLS / ".bin" / "eslint").is_file():
        pytest.skip("npm ci in tests/node")
    keep = tmp_path / "kept"
    code = main(["demo", "--json", "--keep", str(keep)])
    doc = json.loads(capsys.readouterr().out)  # the whole of stdout: one document
    assert code == 0
    names = [s.name for s in demo.scenarios()]
    assert [s["scenario"] for s in doc["scenarios"]] == names
    for entry in doc["scenarios"]:
        repo = Path(entry["repository"])
        assert repo == keep / entry["scenario"]
        fix = entry["report"]["fix"]
        assert fix["complete"] is True and entry["not_run"] == []
        assert git(repo, "rev-parse", fix["branch"]) == fix["commit"]
        assert git(repo, "rev-parse", "HEAD") == fix["base"]  # the broken code, on main
        assert git(repo, "diff", fix["base"], fix["commit"]) + "\n" == fix["diff"]
        assert entry["report"]["findings"]


def test_without_keep_nothing_is_left(
    local_index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["demo", "--json", "--scenario", "type-arg"])
    (entry,) = json.loads(capsys.readouterr().out)["scenarios"]
    assert code == 0 and entry["repository"] is None
    assert entry["report"]["fix"]["counts"]["fixed"] == 3


def test_keep_refuses_a_folder_with_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.txt").write_text("keep me\n")
    assert main(["demo", "--keep", str(tmp_path)]) == 2
    assert "--keep" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.fixture
def no_node_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "NODE_TOOLS", tmp_path / "not-installed" / "node_modules")
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    monkeypatch.setenv("npm_config_offline", "true")


def test_says_eslint_was_not_run_and_why(
    local_index: IndexServer, no_node_tools: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["demo", "--scenario", "poetry-eslint-action", "--color", "never"])
    out = capsys.readouterr().out
    assert code == 1  # the JS fix is not verified, so not committed
    (line,) = [x for x in out.splitlines() if x.startswith("ESLint was not run: ")]
    assert "make setup" in line and "npm" in line
    code = main(["demo", "--scenario", "poetry-eslint-action", "--json"])
    (entry,) = json.loads(capsys.readouterr().out)["scenarios"]
    (missed,) = entry["not_run"]
    assert missed["check"] == "eslint" and "make setup" in missed["why"]
    statuses = {o["findings"][0]["kind"]: o["status"] for o in entry["report"]["outcomes"]}
    assert statuses["eslint.no-unused-vars"] == "unverified"
