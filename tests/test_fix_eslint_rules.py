"""`fixer fix` makes ESLint's own fixes of the failing rules, with the project's ESLint.

The repository is ``fixtures/logs/eslint-fix/project`` (ESLint 9 and a flat config in
``package-lock.json``, no ``node_modules``; ``eslint-fix-8`` the same with ESLint 8 and an
``.eslintrc.json``), the log what ``npm ci`` and ``npm run lint``
printed on it (``fixtures/logs/make.py``). fixer installs the locked set with ``npm ci
--ignore-scripts`` into its cache (``XDG_CACHE_HOME`` points into a temporary folder),
runs that ESLint on the untouched tree, fixes through its Node API with a filter on the
failing rules, and re-runs the CI's command (``eslint src``, from ``npm run lint``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.demo import DEMO_IDENTITY
from fixer.model import Outcome

LOGS = Path(__file__).resolve().parent.parent / "fixtures" / "logs"
CASE = LOGS / "eslint-fix"
LOG = str(CASE / "job.log")

pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="needs node and npm")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def xdg(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def make_repo(into: Path, edit: dict[str, str] | None = None, case: Path = CASE) -> Path:
    repo = into / "storefront"
    shutil.copytree(case / "project", repo)
    for path, text in (edit or {}).items():
        (repo / path).write_text(text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, *DEMO_IDENTITY, "commit", "-q", "-m", "Storefront")
    return repo


def by_rule(result: FixResult) -> dict[str, Outcome]:
    """The outcome of each rule's finding (a fix of one file holds all its findings)."""
    return {str(f.code): o for o in result.outcomes for f in o.findings}


@pytest.mark.parametrize(
    ("case", "version"),
    [("eslint-fix", "9.39.5"), ("eslint-fix-8", "8.57.1")],  # a flat config; an .eslintrc.json
)
def test_fixable_rules_are_fixed_by_eslint_and_proven_by_the_ci_command(
    tmp_path: Path, case: str, version: str
) -> None:
    repo = make_repo(tmp_path, case=LOGS / case)
    result = fix_logs([str(LOGS / case / "job.log")], FixOptions(repo=repo))
    outcomes = by_rule(result)

    assert outcomes["prefer-const"].status == "fixed"
    assert outcomes["dot-notation"].status == "fixed"
    checks = [v for v in outcomes["dot-notation"].verifications if v.tool == "eslint"]
    assert [c.command for c in checks] == [("eslint", "src", "--format", "json")] * 2
    assert all(c.ok and c.ran for c in checks)
    assert (checks[-1].errors_before, checks[-1].errors_after) == (6, 4)
    # the minimal diff: the two lines of cart.js, nothing else
    shown = [ln for ln in result.diff.splitlines() if ln[:1] in "+-" and ln[:3] not in "+++---"]
    assert shown == [
        "-  let currency = 'EUR'",
        "+  const currency = 'EUR'",
        "-    sum += item['price'] * item.qty",
        "+    sum += item.price * item.qty",
    ]
    # eqeqeq can fix `typeof x == "y"`, not `item.qty == 0`: ESLint's JSON has no fix there
    assert outcomes["eqeqeq"].status == "skipped"
    assert f"ESLint {version} offers no fix for eqeqeq at 7:18" in outcomes["eqeqeq"].reason
    # no-var's fix leaves `let rounded`, which prefer-const then reports: new, so undone
    assert outcomes["no-var"].status == "failed"
    assert "reports something new: prefer-const in src/format.js" in outcomes["no-var"].reason
    assert "src/format.js b/src/format.js" not in result.diff
    # no-console has no fix at all: left to a person from the diagnosis on
    assert "no-console" not in outcomes
    (console,) = [f for f in result.diagnosis.findings if f.code == "no-console"]
    assert not console.fixable

    # committed on the fix branch; the checkout is untouched (no node_modules left)
    assert git(repo, "status", "--porcelain") == ""
    assert result.branch is not None and result.commit is not None
    branch = result.branch
    assert "const currency" in git(repo, "show", f"{branch}:src/cart.js")
    subject = git(repo, "log", "-1", "--format=%s", branch)
    assert (
        subject == "fix(lint): apply ESLint's fix for dot-notation and prefer-const in src/cart.js"
    )


def test_a_failure_that_does_not_reproduce_changes_nothing(tmp_path: Path) -> None:
    fixed = (
        (CASE / "project" / "src" / "cart.js").read_text().replace("let currency", "const currency")
    )
    repo = make_repo(tmp_path, {"src/cart.js": fixed})
    result = fix_logs([LOG], FixOptions(repo=repo, dry_run=True))
    outcome = by_rule(result)["prefer-const"]
    assert outcome.status == "skipped"
    assert "does not report prefer-const in src/cart.js" in outcome.reason
    assert "the failure does not reproduce" in outcome.reason
    assert result.diff == ""


def test_without_a_lock_no_eslint_fix_is_made(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    git(repo, "rm", "-q", "package-lock.json")
    git(repo, *DEMO_IDENTITY, "commit", "-q", "-m", "No lock")
    result = fix_logs([LOG], FixOptions(repo=repo, dry_run=True))
    outcome = by_rule(result)["prefer-const"]
    assert outcome.status == "skipped"
    assert "no package-lock.json or npm-shrinkwrap.json pins it" in outcome.reason
    assert result.diff == ""
