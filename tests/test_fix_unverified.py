"""A fix whose failing tool could not run is unverified: reported so, not committed
unless ``--allow-unverified``, and every report says which checks ran and which did not.

The seed scenario's JS fix is the case: its checkout has no ESLint, and none can be
installed (the npm registry is out of reach and the npm cache is empty).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import make_repo, scenarios
from tests.support.pypi_index import IndexServer, serve_index
from tests.test_fix_safety import git

SCENARIO = next(s for s in scenarios() if s.name == "poetry-eslint-action")
JS = "frontend/src/components/ReadyBadge.test.jsx"


@pytest.fixture(scope="module")
def index() -> Iterator[IndexServer]:
    with serve_index({"mypy": ["1.19.1"]}) as server:
        yield server


@pytest.fixture
def no_eslint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "npm-cache"))
    monkeypatch.setenv("npm_config_offline", "true")
    return make_repo(SCENARIO, tmp_path)


def test_a_js_fix_eslint_did_not_verify_is_not_committed(
    no_eslint: Path, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = no_eslint
    argv = ["fix", str(SCENARIO / "logs"), "--repo", str(repo), "--index-url", index.url]
    code = main([*argv, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1  # unverified counts as not fixed
    statuses = {o["findings"][0]["kind"]: o for o in doc["outcomes"]}
    js = statuses["eslint.no-unused-vars"]
    assert statuses["poetry.package-not-found"]["status"] == "fixed"
    assert js["status"] == "unverified" and js["reason"].startswith("not verified: eslint")
    (eslint,) = [v for v in js["verifications"] if v["tool"] == "eslint"]
    assert eslint["ran"] is False and eslint["detail"].startswith("not run: ")
    assert doc["fix"]["counts"]["unverified"] == 1 and doc["fix"]["complete"] is False
    commit = doc["fix"]["commit"]
    files = git(repo, "diff", "--name-only", doc["fix"]["base"], commit).splitlines()
    assert files == ["backend/pyproject.toml"]  # the verified fix only
    assert JS not in doc["fix"]["diff"]
    message = git(repo, "log", "-1", "--format=%B", commit)
    assert "eslint" not in message.split("Verified with:")[1]
    code = main([*argv, "--dry-run"])
    text = capsys.readouterr().out
    assert code == 1
    assert f"{JS}:2:26 eslint.no-unused-vars" in text and "[fixed, NOT verified]" in text
    assert "check: eslint: NOT RUN: " in text
    assert "--allow-unverified commits them" in text


def test_allow_unverified_commits_it_and_says_what_did_not_run(
    no_eslint: Path, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = no_eslint
    argv = ["fix", str(SCENARIO / "logs"), "--repo", str(repo), "--index-url", index.url]
    code = main([*argv, "--allow-unverified", "--format", "markdown"])
    out = capsys.readouterr().out
    assert code == 0
    assert "- **did not run**: `eslint` (" in out
    assert "- ran: `poetry-core package discovery`" in out
    branch = git(repo, "branch", "--list", "fixer/*").strip(" *\n")
    files = git(repo, "diff", "--name-only", "main", branch).splitlines()
    assert files == ["backend/pyproject.toml", JS]
    message = git(repo, "log", "-1", "--format=%B", branch)
    assert "(NOT verified)" in message and "\nNot run: eslint (" in message
    assert "eslint" not in message.split("Verified with:")[1].split("Not run:")[0]


def test_the_pull_request_body_says_what_did_not_run(no_eslint: Path, index: IndexServer) -> None:
    from fixer.app import FixOptions, fix_logs
    from fixer.pr import render
    from fixer.pr.target import Target

    options = FixOptions(repo=no_eslint, index_url=index.url, allow_unverified=True)
    result = fix_logs([str(SCENARIO / "logs")], options)
    assert result.complete and [o.status for o in result.outcomes] == ["fixed", "unverified"]
    body = render.pr_body(Target("octo", "app", 7), "main", result.base, render.report(result, []))
    assert "which fix is not verified" in body
    assert "**1 fix(es) are committed without verification**" in body
    assert "- **did not run**: `eslint` (" in body
    assert "`frontend/src/components/ReadyBadge.test.jsx:2:26` — " in body


def test_an_unverified_edit_is_kept_out_of_a_file_a_verified_fix_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixer.app import FixOptions, fix_logs
    from fixer.verify import ruff
    from tests.support.ghlog import Job, write_run
    from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log
    from tests.test_fix_safety import make_repo as make_small_repo

    text = 'import os\n\n\ndef build() -> dict:\n    return {"a": 1}\n'
    files = {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": "", "app/m.py": text}
    repo = make_small_repo(tmp_path, files)
    mypy_logs = ci_log(tmp_path, repo, MYPY, "Type check")
    lint = Job("lint")
    lint.setup()
    lint.run(
        "Lint", "ruff check app", ["app/m.py:1:8: F401 [*] `os` imported but unused"], exit_code=1
    )
    lint.complete()
    write_run(tmp_path / "lint", [lint])
    monkeypatch.setattr(ruff, "find_ruff", lambda: None)  # this machine has no ruff
    result = fix_logs([str(mypy_logs), str(tmp_path / "lint")], FixOptions(repo=repo))
    status = {o.finding.kind: o.status for o in result.outcomes}
    assert status == {"mypy.type-arg": "fixed", "ruff.F401": "unverified"}
    committed = git(repo, "show", f"{result.commit}:app/m.py")
    assert committed.startswith("import os\n") and "dict[str, Any]" in committed
