"""``fixer demo``: the whole flow on the bundled broken repositories.

Each scenario under ``fixtures/`` is a small repository (``repo/``) with the log
archive its CI produced (``logs/``). The demo copies the repository into a temporary
git repository (with the ESLint ``make setup`` installed as its ``node_modules``, when
it is there), runs diagnose, fix and verify on it, prints the result (one JSON document with
``--json``), and removes everything it made unless ``--keep DIR`` names where to leave
the repositories. A JS fix that ESLint could not check is reported so, with why.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from fixer import redact
from fixer.errors import BadInput
from fixer.proc import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# the ESLint that ``make setup`` installs (``npm ci`` in tests/node), in a source checkout
NODE_TOOLS = FIXTURES.parent / "tests" / "node" / "node_modules"
DEMO_IDENTITY = ["-c", "user.name=Demo Maintainer", "-c", "user.email=maintainer@example.com"]


def scenarios() -> list[Path]:
    if not FIXTURES.is_dir():
        return []
    return sorted(p for p in FIXTURES.iterdir() if (p / "repo").is_dir() and (p / "logs").is_dir())


def make_repo(scenario: Path, into: Path) -> Path:
    """A git repository holding the scenario's broken code, committed."""
    repo = into / scenario.name
    shutil.copytree(scenario / "repo", repo, symlinks=True)
    run(["git", "init", "-q", "-b", "main"], repo, check=True)
    run(["git", "add", "-A"], repo, check=True)
    run(["git", *DEMO_IDENTITY, "commit", "-q", "-m", "Broken CI"], repo, check=True)
    return repo


def add_node_modules(repo: Path) -> bool:
    """Give each JavaScript package of ``repo`` a ``node_modules`` (a link to
    :data:`NODE_TOOLS`, untracked, as ``npm ci`` leaves it on a maintainer's machine), so
    that ESLint can verify a JS fix; False when those tools are not installed."""
    if not (NODE_TOOLS / ".bin" / "eslint").is_file():
        return False
    for package in sorted(repo.glob("*/package.json")):
        (package.parent / "node_modules").symlink_to(NODE_TOOLS)
    return True


def run_demo(
    args: argparse.Namespace,
    show: Callable[[object, argparse.Namespace, Sequence[str]], int],
) -> int:
    """Each chosen scenario: its report as ``show`` prints it, or, with ``--json``, one
    JSON document for the whole demo (``{"scenarios": [...]}``), each scenario's fix
    report nested under ``report``. With ``--keep DIR`` the repositories stay in DIR."""
    from fixer.app import FixOptions, fix_logs
    from fixer.model import FixResult
    from fixer.progress import Progress
    from fixer.report.fix import json_document

    chosen = [s for s in scenarios() if args.scenario in ("all", s.name)]
    if not chosen:
        names = ", ".join(s.name for s in scenarios()) or "none (run from a source checkout)"
        raise BadInput(f"no bundled scenario {args.scenario!r}; available: {names}")
    as_json = bool(args.json or args.format == "json")
    keep = _keep_folder(args.keep) if args.keep else None
    worst = 0
    docs: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="fixer-demo-") as tmp:
        for scenario in chosen:
            if not as_json:
                print(f"=== {scenario.name}: {_title(scenario)}\n", flush=True)
            repo = make_repo(scenario, keep or Path(tmp))
            node_tools = add_node_modules(repo)
            logs = str(scenario / "logs")
            sources = [f"fixtures/{scenario.name}/logs"]
            result = fix_logs([logs], FixOptions(repo=repo), Progress())
            assert isinstance(result, FixResult)
            not_run = eslint_not_run(result, node_tools)
            if as_json:
                worst = max(worst, 0 if result.complete and not result.nothing_fixable else 1)
                docs.append(
                    {
                        "scenario": scenario.name,
                        "title": _title(scenario),
                        "repository": str(repo) if keep else None,
                        "not_run": [{"check": "eslint", "why": why} for why in not_run],
                        "report": json_document(result, sources),
                    }
                )
                continue
            worst = max(worst, show(result, args, sources))
            for why in not_run:
                print(f"ESLint was not run: {why}")
            if keep:
                print(f"the repository is kept in {repo}", end="")
                print(f" (the fix: git -C {repo} show {result.branch})" if result.commit else "")
            print(flush=True)
    if as_json:
        print(redact.dumps({"scenarios": docs}))
    return worst


def _keep_folder(path: str) -> Path:
    """``--keep``'s folder, made when missing; an existing one must be empty."""
    folder = Path(path).resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BadInput(f"--keep {path}: must be a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def eslint_not_run(result: object, node_tools: bool) -> list[str]:
    """Why ESLint did not check a JS fix of ``result`` (once each reason), with how to
    get the test ESLint when ``make setup`` did not install it."""
    from fixer.model import FixResult
    from fixer.verify.verdicts import NOT_RUN

    assert isinstance(result, FixResult)
    reasons = sorted(
        {
            v.detail.removeprefix(NOT_RUN)
            for o in result.outcomes
            for v in o.verifications
            if v.tool == "eslint" and not v.ran
        }
    )
    if not node_tools:
        hint = (
            "the demo's ESLint is not installed (`make setup` installs it with npm ci in "
            "tests/node, which needs node and npm)"
        )
        reasons = [f"{r}; {hint}" for r in reasons]
    return reasons


def _title(scenario: Path) -> str:
    readme = scenario / "README.md"
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                return line.strip()
    return "a broken repository"
