"""`fixer fix` removes the imports tsc reports unused (TS6133, TS6192) and proves it with the
project's own tsc.

The repository is ``fixtures/logs/tsc-unused-imports/project`` (TypeScript 5.9.3 in
``package-lock.json``, ``noUnusedLocals`` and ``noUnusedParameters``, no
``node_modules``), the log what ``npm ci`` and ``npm run typecheck`` printed on it
(``fixtures/logs/make.py``). fixer installs the locked set with ``npm ci
--ignore-scripts`` into its cache (``XDG_CACHE_HOME`` points into a temporary folder) and
runs ``tsc --noEmit`` (the package script) before and after. ``tsc-plain``'s project
declares no TypeScript: the removal is made, but not verified, and not committed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.demo import DEMO_IDENTITY
from fixer.model import Outcome
from fixer.verify.verdicts import NOT_RUN

LOGS = Path(__file__).resolve().parent.parent / "fixtures" / "logs"
CASE = LOGS / "tsc-unused-imports"
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


def make_repo(into: Path, project: Path, edit: dict[str, str] | None = None) -> Path:
    repo = into / "billing"
    shutil.copytree(project, repo)
    for path, text in (edit or {}).items():
        (repo / path).write_text(text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, *DEMO_IDENTITY, "commit", "-q", "-m", "Billing")
    return repo


def at(result: FixResult) -> dict[tuple[int | None, str | None], Outcome]:
    """Each finding's outcome, by its line and code (one fix of a file holds several)."""
    return {(f.line, f.code): o for o in result.outcomes for f in o.findings}


def changed(diff: str) -> list[str]:
    return [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]


def test_unused_imports_go_and_the_projects_tsc_proves_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, CASE / "project")
    result = fix_logs([LOG], FixOptions(repo=repo))

    outcomes = at(result)
    fixed = outcomes[(1, "TS6133")]
    assert fixed is outcomes[(2, "TS6133")] is outcomes[(3, "TS6192")]
    assert fixed.status == "fixed", fixed.reason
    checks = [v for v in fixed.verifications if v.tool == "tsc"]
    assert [c.command for c in checks] == [("tsc", "--noEmit", "--pretty", "false")] * 2
    assert all(c.ok and c.ran for c in checks)
    assert (checks[-1].errors_before, checks[-1].errors_after) == (5, 2)
    assert "made and checked with TypeScript 5.9.3 from package-lock.json" in fixed.notes
    assert changed(result.diff) == [
        "-import type { Money } from './money';",
        "-import { add, format as show } from './money';",
        "-import { floor, ceil } from './math';",
        "+import { add } from './money';",
    ]  # no `import './math'`: TypeScript drops an import none of whose names is used
    # the parameter and the local are not imports: diagnosed, left to a person, unchanged
    unused = {f.details["name"]: f for f in result.diagnosis.findings if f.code == "TS6133"}
    assert (unused["currency"].details["binding"], unused["currency"].fixable) == (
        "parameter",
        False,
    )
    assert (unused["scratch"].details["binding"], unused["scratch"].fixable) == (
        "declaration",
        False,
    )
    assert (6, "TS6133") not in outcomes and (5, "TS6133") not in outcomes

    assert result.branch is not None and result.commit is not None
    assert git(repo, "status", "--porcelain") == ""
    subject = git(repo, "log", "-1", "--format=%s", result.branch)
    assert subject == "fix(types): remove 3 unused imports from src/total.ts"


def test_an_error_tsc_does_not_show_on_the_tree_changes_nothing(tmp_path: Path) -> None:
    text = (CASE / "project" / "src" / "total.ts").read_text()
    used = text + "export const shown = show(1);\n"  # the commit uses it: tsc is silent
    repo = make_repo(tmp_path, CASE / "project", {"src/total.ts": used})
    result = fix_logs([LOG], FixOptions(repo=repo, dry_run=True))
    outcome = at(result)[(2, "TS6133")]
    assert outcome.status == "skipped"
    assert "does not report TS6133 in src/total.ts (show)" in outcome.reason
    assert "the failure does not reproduce" in outcome.reason
    assert result.diff == ""


def test_a_stale_place_is_no_import_to_remove(tmp_path: Path) -> None:
    text = (CASE / "project" / "src" / "total.ts").read_text()
    repo = make_repo(
        tmp_path, CASE / "project", {"src/total.ts": text.replace(", format as show", "")}
    )
    result = fix_logs([LOG], FixOptions(repo=repo, dry_run=True))
    (show,) = [f for f in result.diagnosis.findings if f.details.get("name") == "show"]
    assert (show.details["binding"], show.fixable) == ("stale", False)


def test_without_typescript_the_removal_is_not_verified(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, LOGS / "tsc-plain" / "project")
    result = fix_logs([str(LOGS / "tsc-plain" / "job.log")], FixOptions(repo=repo))
    (outcome,) = [o for o in result.outcomes if o.finding.code == "TS6192"]
    assert outcome.status == "unverified"
    (check,) = {v for v in outcome.verifications if v.tool == "tsc"}
    assert not check.ran and check.detail.startswith(NOT_RUN)
    assert "no package.json up to the repository root declares typescript" in check.detail
    (change,) = outcome.changes  # shown in the report
    assert change.path == "src/invoice.ts"
    old = 'import { parse, stringify } from "./codec";\n'
    assert change.before.replace(old, "") == change.after
    assert result.commit is None and result.diff == ""  # not verified: never committed


def test_a_local_modules_import_stays_bare_where_the_tsconfig_keeps_imports(
    tmp_path: Path,
) -> None:
    config = (CASE / "project" / "tsconfig.json").read_text()
    kept = config.replace('"strict": true,', '"strict": true,\n    "verbatimModuleSyntax": true,')
    assert kept != config
    repo = make_repo(tmp_path, CASE / "project", {"tsconfig.json": kept})
    result = fix_logs([LOG], FixOptions(repo=repo, dry_run=True))
    fixed = at(result)[(3, "TS6192")]
    assert fixed.status == "fixed", fixed.reason
    assert "+import './math';" in changed(result.diff)  # it ran before: it still runs


def test_a_tsconfig_that_extends_a_package_leaves_a_local_modules_import(
    tmp_path: Path,
) -> None:
    config = (CASE / "project" / "tsconfig.json").read_text()
    unknown = config.replace("{", '{\n  "extends": "@tsconfig/strictest/tsconfig.json",', 1)
    repo = make_repo(tmp_path, CASE / "project", {"tsconfig.json": unknown})
    result = fix_logs([LOG], FixOptions(repo=repo, dry_run=True))
    outcome = at(result)[(3, "TS6192")]
    assert outcome.status != "fixed"
    assert "'./math' runs once its import is unused depends on a tsconfig" in outcome.reason
