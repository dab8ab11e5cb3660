"""``fixer demo``: the whole flow on the bundled broken repositories.

Each scenario under ``fixtures/`` is a small repository (``repo/``) with the log
archive its CI produced (``logs/``). The demo copies the repository into a temporary
git repository (with the ESLint ``make setup`` installed as its ``node_modules``, when
it is there), runs diagnose, fix and verify on it, prints the result, and removes
everything it made.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

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
    from fixer.app import FixOptions, fix_logs
    from fixer.progress import Progress

    chosen = [s for s in scenarios() if args.scenario in ("all", s.name)]
    if not chosen:
        names = ", ".join(s.name for s in scenarios()) or "none (run from a source checkout)"
        raise BadInput(f"no bundled scenario {args.scenario!r}; available: {names}")
    worst = 0
    with tempfile.TemporaryDirectory(prefix="fixer-demo-") as tmp:
        for scenario in chosen:
            print(f"=== {scenario.name}: {_title(scenario)}\n", flush=True)
            repo = make_repo(scenario, Path(tmp))
            add_node_modules(repo)
            logs = str(scenario / "logs")
            result = fix_logs([logs], FixOptions(repo=repo), Progress())
            worst = max(worst, show(result, args, [f"fixtures/{scenario.name}/logs"]))
            print(flush=True)
    return worst


def _title(scenario: Path) -> str:
    readme = scenario / "README.md"
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                return line.strip()
    return "a broken repository"
