"""``prettier --check`` failures are fixed by the project's own prettier, on exactly the
files the log names, and proven by re-running the CI's check.

The repositories are the ``prettier-check*`` fixtures' projects (a ``package-lock.json``
that pins prettier, a configuration file); each log is made by really running that
prettier, installed with npm into the session's tool cache as fixer installs it, and
written in GitHub's format.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.forge.tools import Pinned, provide
from fixer.model import Outcome
from tests.support.tools import ci_run, fixture_project
from tests.test_fix_safety import git, make_repo

pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="needs node and npm")

# prettier 3.6.2 with singleQuote (.prettierrc), as `prettier --write` writes them
CART = (
    "export function Cart({ items }) {\n"
    "  return (\n"
    "    <ul>\n"
    "      {items.map((item) => (\n"
    "        <li key={item.id}>\n"
    "          {item.name} × {item.count}\n"
    "        </li>\n"
    "      ))}\n"
    "    </ul>\n"
    "  );\n"
    "}\n"
)
PRICES = (
    "export const total = (lines) =>\n"
    "  lines.reduce((sum, line) => sum + line.price * line.count, 0);\n"
    "export const label = (cents) => '€' + (cents / 100).toFixed(2);\n"
)
# prettier 2.8.8 with printWidth 60 (.prettierrc.yaml)
API = (
    "export async function fetchUsers(\n"
    "  page: number,\n"
    "  perPage: number\n"
    "): Promise<string[]> {\n"
    "  const response = await fetch(\n"
    "    `/api/users?page=${page}&per_page=${perPage}`\n"
    "  );\n"
    "  return response.json();\n"
    "}\n"
)


def _prettier(repo: Path, version: str) -> list[str]:
    """The locked prettier of ``repo``, installed from a copy of its lock (as fixer does,
    into the same cache entry), so that nothing is linked into the checkout."""
    scratch = repo.parent / f"lock-{version}"
    scratch.mkdir(exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(repo / name, scratch / name)
    return provide(Pinned("prettier", version, "package-lock.json"), scratch)


def _outcome(result: FixResult, path: str) -> Outcome:
    return next(o for o in result.outcomes if o.finding.path == path)


def _show(repo: Path, commit: str, path: str) -> str:
    return git(repo, "show", f"{commit}:{path}") + "\n"


@pytest.fixture(scope="module")
def script_fixed(
    tmp_path_factory: pytest.TempPathFactory, tool_cache: Path
) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("prettier-script")
    # a file the check does not name (the CI checks `.`, but .prettierignore skips it)
    extra = {"vendor/legacy.js": "var a = {b:1}\n", ".prettierignore": "vendor\n"}
    repo = make_repo(root, fixture_project("prettier-check", extra))
    prettier = _prettier(repo, "3.6.2")
    steps = [("Check formatting", "npm run format:check", [*prettier, "--check", "."])]
    logs = ci_run(root, repo, steps, job="frontend")
    shutil.rmtree(repo / "node_modules")  # prettier 3 made its cache folder, empty
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_the_log_names_the_files_and_the_script(script_fixed: tuple[Path, FixResult]) -> None:
    _, result = script_fixed
    found = {(f.kind, f.path, f.resolved) for f in result.diagnosis.findings}
    assert found == {
        ("prettier.format", "src/Cart.jsx", True),
        ("prettier.format", "src/prices.js", True),
    }
    assert {f.details.get("script") for f in result.diagnosis.findings} == {"prettier --check ."}


def test_prettier_writes_exactly_the_named_files(script_fixed: tuple[Path, FixResult]) -> None:
    repo, result = script_fixed
    for path in ("src/Cart.jsx", "src/prices.js"):
        outcome = _outcome(result, path)
        assert outcome.status == "fixed", outcome.reason
        assert "made and checked with prettier 3.6.2 (from package-lock.json)" in outcome.notes
    assert result.commit
    assert _show(repo, result.commit, "src/Cart.jsx") == CART
    assert _show(repo, result.commit, "src/prices.js") == PRICES
    changed = git(repo, "diff", "--name-only", f"{result.commit}^", result.commit)
    assert changed.splitlines() == ["src/Cart.jsx", "src/prices.js"]
    assert _show(repo, result.commit, "vendor/legacy.js") == "var a = {b:1}\n"


def test_the_check_is_the_scripts_own(script_fixed: tuple[Path, FixResult]) -> None:
    _, result = script_fixed
    checks = [
        v
        for o in result.outcomes
        for v in o.verifications
        if v.tool == "prettier" and v.errors_before == 2
    ]
    assert checks and all(v.ran and v.ok and v.errors_after == 0 for v in checks)
    assert {v.command for v in checks} == {("prettier", "--check", ".")}


def test_the_users_checkout_is_untouched(script_fixed: tuple[Path, FixResult]) -> None:
    repo, _ = script_fixed
    assert git(repo, "status", "--porcelain", "--ignored") == ""
    assert not (repo / "node_modules").exists()
    assert (repo / "src" / "Cart.jsx").read_text() == fixture_project("prettier-check")[
        "src/Cart.jsx"
    ]


def test_prettier_2_from_npx_with_the_projects_print_width(
    tmp_path: Path, tool_cache: Path
) -> None:
    repo = make_repo(tmp_path, fixture_project("prettier-check-2.8"))
    prettier = _prettier(repo, "2.8.8")
    steps = [("Check formatting", "npx prettier --check src", [*prettier, "--check", "src"])]
    logs = ci_run(tmp_path, repo, steps, job="frontend")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert (outcome.finding.path, outcome.status) == ("src/api.ts", "fixed"), outcome.reason
    assert result.commit
    assert _show(repo, result.commit, "src/api.ts") == API
    (check,) = [v for v in outcome.verifications if v.tool == "prettier" and v.errors_before]
    assert (check.command, check.errors_before, check.errors_after) == (
        ("prettier", "--check", "src"),
        1,
        0,
    )


def test_a_version_that_does_not_reproduce_changes_nothing(
    tmp_path: Path, tool_cache: Path
) -> None:
    # the CI's prettier flagged src/api.ts; the lock's prettier 2.8.8 on the tree that was
    # committed (formatted already) reports nothing
    repo = make_repo(tmp_path, fixture_project("prettier-check-2.8", {"src/api.ts": API}))
    (repo / "src" / "api.ts").write_text(fixture_project("prettier-check-2.8")["src/api.ts"])
    prettier = _prettier(repo, "2.8.8")
    steps = [("Check formatting", "npx prettier --check src", [*prettier, "--check", "src"])]
    logs = ci_run(tmp_path, repo, steps, job="frontend")
    git(repo, "checkout", "--", "src/api.ts")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert "does not report src/api.ts: the failure does not reproduce" in outcome.reason
    assert result.diff == ""


def test_no_version_is_reported_not_guessed(tmp_path: Path, tool_cache: Path) -> None:
    files = fixture_project("prettier-check-2.8")
    prettier = _prettier(make_repo(tmp_path / "pinned", files), "2.8.8")
    assert prettier
    del files["package-lock.json"]
    repo = make_repo(tmp_path, files)
    steps = [("Check formatting", "npx prettier --check src", [*prettier, "--check", "src"])]
    logs = ci_run(tmp_path, repo, steps, job="frontend")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert outcome.reason.startswith("no version of prettier is named by the log")
    assert result.commit is None and result.diff == ""
