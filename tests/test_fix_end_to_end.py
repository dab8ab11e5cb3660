"""`fixer fix` end to end on real git repositories, real mypy, poetry-core, a real local
package index: each bundled scenario is fixed with exactly the expected minimal diff,
committed on a fixer branch, and the user's working tree is never touched."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from fixer.cli import main
from fixer.demo import NODE_TOOLS, add_node_modules, make_repo, scenarios
from tests.support.pypi_index import IndexServer, serve_index

SCENARIOS = scenarios()
# what each fix does, in the maintainer's words (the commit's subject, the PR's title)
SUBJECTS = {
    "invalid-dependency": "fix(ci): remove the unavailable types-prometheus-client requirement",
    "poetry-eslint-action": "fix(ci): tell Poetry about the package backend in "
    "backend/pyproject.toml, and 1 more fix",
    "type-arg": "fix(types): add type arguments to 3 bare generics in datasets_export.py",
}


def make_checkout(scenario: Path, into: Path) -> Path:
    """The scenario's repository as its maintainer has it: with ``node_modules`` (what
    ``npm ci`` leaves, untracked) where it has a JavaScript package, so that ESLint can
    verify the JS fix; without it the fix is unverified (tests/test_fix_unverified.py)."""
    repo = make_repo(scenario, into)
    if not add_node_modules(repo) and any(repo.glob("*/package.json")):
        pytest.skip("npm ci in tests/node")
    return repo


@pytest.fixture(scope="module")
def index() -> Iterator[IndexServer]:
    # the index knows the real stub packages; types-prometheus-client is not among them
    with serve_index({"types-pyyaml": ["6.0.12.20250915"], "mypy": ["1.19.1"]}) as server:
        yield server


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def state(repo: Path) -> tuple[str, str, str, bytes]:
    """What must never change in the user's checkout."""
    index_file = (repo / ".git" / "index").read_bytes()
    return (
        git(repo, "rev-parse", "HEAD"),
        git(repo, "status", "--porcelain"),
        git(repo, "symbolic-ref", "HEAD"),
        index_file,
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_scenario_fixed_end_to_end(scenario: Path, tmp_path: Path, index: IndexServer) -> None:
    repo = make_checkout(scenario, tmp_path)
    (repo / "notes.txt").write_text("the maintainer's uncommitted work\n")
    before = state(repo)
    result = fix_logs([str(scenario / "logs")], FixOptions(repo=repo, index_url=index.url))
    assert result.diff == (scenario / "expected.diff").read_text()
    assert all(o.status == "fixed" for o in result.outcomes), [o.reason for o in result.outcomes]
    assert all(v.ok for o in result.outcomes for v in o.verifications)
    assert result.branch == f"fixer/{result.base[:7]}"
    assert git(repo, "rev-parse", result.branch) == result.commit
    assert git(repo, "rev-parse", f"{result.commit}^") == result.base
    assert git(repo, "log", "-1", "--format=%an <%ae>|%s", result.branch) == (
        "fixer[bot] <fixer[bot]@users.noreply.github.com>|" + result.message.splitlines()[0]
    )
    assert result.message.splitlines()[0] == SUBJECTS[scenario.name]
    assert git(repo, "diff", result.base, result.commit) + "\n" == result.diff.rstrip("\n") + "\n"
    assert state(repo) == before  # HEAD, branch, index, working tree: untouched
    assert (repo / "notes.txt").read_text() == "the maintainer's uncommitted work\n"
    assert len(git(repo, "worktree", "list").splitlines()) == 1


def test_dry_run_commits_nothing(tmp_path: Path, index: IndexServer) -> None:
    scenario = next(s for s in SCENARIOS if s.name == "type-arg")
    repo = make_repo(scenario, tmp_path)
    options = FixOptions(repo=repo, dry_run=True, index_url=index.url)
    result = fix_logs([str(scenario / "logs")], options)
    assert result.diff == (scenario / "expected.diff").read_text()
    assert result.commit is None and result.branch is None
    assert git(repo, "branch", "--list", "fixer/*") == ""


def test_rerun_on_a_fixed_tree_changes_nothing(
    tmp_path: Path, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = next(s for s in SCENARIOS if s.name == "type-arg")
    repo = make_repo(scenario, tmp_path)
    first = fix_logs([str(scenario / "logs")], FixOptions(repo=repo, index_url=index.url))
    git(repo, "merge", "--ff-only", "-q", str(first.branch))
    code = main(["fix", str(scenario / "logs"), "--repo", str(repo), "--index-url", index.url])
    out = capsys.readouterr().out
    assert code == 0
    assert "already fixed" in out
    assert "committed" not in out
    assert git(repo, "branch", "--list", "fixer/*").count("fixer/") == 1


def test_cli_fix_json_and_exit_code(
    tmp_path: Path, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    scenario = next(s for s in SCENARIOS if s.name == "poetry-eslint-action")
    repo = make_checkout(scenario, tmp_path)
    argv = ["fix", str(scenario / "logs"), "--repo", str(repo), "--dry-run", "--json"]
    code = main([*argv, "--index-url", index.url])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0  # every fixable finding fixed; the action is reported, not fixable
    assert doc["fix"]["dry_run"] is True and doc["fix"]["commit"] is None
    assert [o["status"] for o in doc["outcomes"]] == ["fixed", "fixed"]
    poetry = doc["outcomes"][0]["verifications"]
    assert [v["tool"] for v in poetry] == ["parse", "poetry-core"]
    assert poetry[1]["ok"] and poetry[1]["errors_before"] == 1 and poetry[1]["errors_after"] == 0


def test_markdown_report_of_a_fix(
    tmp_path: Path, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = next(s for s in SCENARIOS if s.name == "type-arg")
    repo = make_repo(scenario, tmp_path)
    argv = ["fix", str(scenario / "logs"), "--repo", str(repo), "--format", "markdown"]
    assert main([*argv, "--index-url", index.url]) == 0
    out = capsys.readouterr().out
    assert "## Executive summary" in out and "## Fix" in out
    assert "```diff\n" in out and "+from typing import Any" in out
    assert "| check | before | after | result |" in out
    assert "| 3 | 0 | passed |" in out  # mypy: three errors before, none after


def test_not_a_repository_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = next(s for s in SCENARIOS if s.name == "type-arg")
    code = main(["fix", str(scenario / "logs"), "--repo", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("fixer: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_uncommitted_changes_are_ignored_with_a_warning(
    tmp_path: Path, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = next(s for s in SCENARIOS if s.name == "type-arg")
    repo = make_repo(scenario, tmp_path)
    target = repo / "backend/tunix_rt_backend/services/datasets_export.py"
    edited = target.read_text() + "# work in progress\n"
    target.write_text(edited)
    argv = ["fix", str(scenario / "logs"), "--repo", str(repo), "--index-url", index.url]
    assert main([*argv, "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "uncommitted changes" in captured.err
    assert "work in progress" not in captured.out  # the fix starts from HEAD
    assert target.read_text() == edited


@pytest.mark.skipif(not (NODE_TOOLS / ".bin" / "eslint").is_file(), reason="npm ci in tests/node")
def test_eslint_of_the_repository_verifies_the_js_fix(tmp_path: Path, index: IndexServer) -> None:
    scenario = next(s for s in SCENARIOS if s.name == "poetry-eslint-action")
    repo = make_repo(scenario, tmp_path)
    # what `npm ci` leaves in the user's checkout (untracked, as usual)
    (repo / "frontend" / "node_modules").symlink_to(NODE_TOOLS)
    options = FixOptions(repo=repo, dry_run=True, index_url=index.url)
    result = fix_logs([str(scenario / "logs")], options)
    eslint = next(o for o in result.outcomes if o.finding.kind == "eslint.no-unused-vars")
    (check,) = [v for v in eslint.verifications if v.tool == "eslint"]
    assert check.ok and check.detail == ""
    assert (check.errors_before, check.errors_after) == (1, 0)
    assert "node_modules" not in result.diff
    assert git(repo, "status", "--porcelain") == "?? frontend/node_modules"
