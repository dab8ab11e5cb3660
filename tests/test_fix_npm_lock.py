"""A lock file ``npm ci`` refused is updated by npm itself, with the npm the CI ran, in the
lock's folder, and proven by ``npm ci --dry-run``; npm touching any other file is undone.

The repositories are the ``npm-ci-out-of-sync*`` fixtures' projects; the logs are the
fixtures' (made by really running npm 10.9.4 and 8.19.4) or made here by really running
this machine's npm. npm reads the public registry.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.errors import ToolError
from fixer.forge.npmlock import machine_npm, relock
from fixer.report.fix import shown_diff, to_json, to_markdown, to_text
from tests.support.tools import ci_run, fixture_project
from tests.test_fix_safety import git, make_repo

FIXTURES = Path(__file__).parent.parent / "fixtures" / "logs"
pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="needs node and npm")


def _locked(text: str) -> dict[str, str]:
    packages = json.loads(text)["packages"]
    return {k.removeprefix("node_modules/"): v["version"] for k, v in packages.items() if k}


@pytest.fixture(scope="module")
def frontend(tmp_path_factory: pytest.TempPathFactory, tool_cache: Path) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("npm-lock")
    repo = make_repo(root, fixture_project("npm-ci-out-of-sync"))
    log = FIXTURES / "npm-ci-out-of-sync" / "job.log"
    return repo, fix_logs([str(log)], FixOptions(repo=repo))


def test_the_lock_is_updated_by_the_cis_npm(frontend: tuple[Path, FixResult]) -> None:
    repo, result = frontend
    (outcome,) = result.outcomes
    assert (outcome.finding.path, outcome.status) == ("frontend/package-lock.json", "fixed")
    assert "made and checked with npm 10.9.4 (the CI's, from the log)" in outcome.notes
    assert result.commit
    changed = git(repo, "diff", "--name-only", f"{result.commit}^", result.commit)
    assert changed.splitlines() == ["frontend/package-lock.json"]
    lock = git(repo, "show", f"{result.commit}:frontend/package-lock.json")
    assert _locked(lock) == {
        "@tsconfig/node20": "20.1.10",
        "@tsconfig/strictest": "2.0.8",
        "is-number": "7.0.0",
        "left-pad": "1.3.0",
    }
    # the proof: the dry run that failed as in CI passes on the new lock
    (proof,) = [v for v in outcome.verifications if v.tool == "npm" and v.errors_before]
    assert (proof.command, proof.cwd, proof.ok, proof.errors_after) == (
        ("npm", "ci", "--dry-run", "--ignore-scripts"),
        "frontend",
        True,
        0,
    )


def test_the_report_summarizes_the_lock(frontend: tuple[Path, FixResult]) -> None:
    _, result = frontend
    said = (
        "frontend/package-lock.json: 2 added (@tsconfig/strictest 2.0.8, left-pad 1.3.0),"
        " 1 changed (is-number 6.0.0 → 7.0.0)"
    )
    text, markdown = to_text(result, diff=shown_diff(result)), to_markdown(result, ())
    assert f"    lock: {said}\n" in text and f"- {said}\n" in markdown
    for shown in (text, markdown):
        assert "(the lock's diff is not shown)" in shown and '"integrity"' not in shown
    (outcome,) = json.loads(to_json(result, ()))["outcomes"]
    assert outcome["locks"] == [said]
    assert '"integrity"' in result.diff  # the diff itself stays whole (--json, the PR)


def test_the_users_checkout_is_untouched(frontend: tuple[Path, FixResult]) -> None:
    repo, _ = frontend
    assert git(repo, "status", "--porcelain", "--ignored") == ""
    lock = (repo / "frontend" / "package-lock.json").read_text(encoding="utf-8")
    assert lock == fixture_project("npm-ci-out-of-sync")["frontend/package-lock.json"]


def test_without_a_version_in_the_log_the_machines_npm_says_so(
    tmp_path: Path, tool_cache: Path
) -> None:
    # a real npm ci run with this machine's npm: no setup-node line names a version
    repo = make_repo(tmp_path, fixture_project("npm-ci-out-of-sync-8"))
    steps = [("Install dependencies", "npm ci", ["bash", "-c", "cd web && npm ci"])]
    logs = ci_run(tmp_path, repo, steps, job="web")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert (outcome.finding.path, outcome.status) == ("web/package-lock.json", "fixed")
    mine = subprocess.run(["npm", "--version"], capture_output=True, text=True).stdout.strip()
    assert f"made and checked with npm {mine} (this machine's: the log names none)" in (
        outcome.notes
    )
    assert result.commit
    lock = git(repo, "show", f"{result.commit}:web/package-lock.json")
    assert _locked(lock)["is-number"] == "7.0.0"


def test_npm_writing_another_file_is_refused_and_undone(tmp_path: Path, tool_cache: Path) -> None:
    # the project's .npmrc puts npm's cache in the package folder: npm writes there
    files = fixture_project("npm-ci-out-of-sync", {"frontend/.npmrc": "cache=.npm-cache\n"})
    repo = make_repo(tmp_path, files)
    log = FIXTURES / "npm-ci-out-of-sync" / "job.log"
    result = fix_logs([str(log)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped", outcome.reason
    assert "changed frontend/.npm-cache/ (undone)" in outcome.reason
    assert result.diff == "" and result.commit is None
    assert git(repo, "status", "--porcelain", "--ignored") == ""


def test_relock_rolls_back_what_npm_wrote_besides_the_lock(tmp_path: Path) -> None:
    files = fixture_project("npm-ci-out-of-sync", {"frontend/.npmrc": "cache=.npm-cache\n"})
    repo = make_repo(tmp_path, files)
    npm = machine_npm()
    assert npm is not None
    lock = "frontend/package-lock.json"
    before = (repo / lock).read_text(encoding="utf-8")
    with pytest.raises(ToolError) as refused:
        relock(repo, "frontend", lock, npm, before)
    assert refused.value.stderr == f"npm changed frontend/.npm-cache/, not only {lock}; undone"
    assert git(repo, "status", "--porcelain", "--ignored") == ""
    assert (repo / lock).read_text(encoding="utf-8") == before


def test_a_lock_npm_accepts_is_left_alone(tmp_path: Path, tool_cache: Path) -> None:
    # the log says out of sync, but the committed package.json is the lock's again
    files = fixture_project("npm-ci-out-of-sync")
    manifest = json.loads(files["frontend/package.json"])
    manifest["dependencies"] = {"is-number": "^6.0.0"}
    manifest["devDependencies"] = {"@tsconfig/node20": "^20.1.0"}
    files["frontend/package.json"] = json.dumps(manifest, indent=2) + "\n"
    repo = make_repo(tmp_path, files)
    log = FIXTURES / "npm-ci-out-of-sync" / "job.log"
    result = fix_logs([str(log)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert "accepts the lock: the failure does not reproduce" in outcome.reason
    assert result.diff == "" and result.commit is None
