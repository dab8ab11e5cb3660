"""After a ``types-X`` stub requirement is removed: does X bring its own types?

The report says whether X ships ``py.typed`` where mypy runs. When the project's mypy
step then reports missing stubs for X (``[import-untyped]``), those import lines get
``# type: ignore[import-untyped]`` in the same fix, proven by a second mypy run.
"""

from __future__ import annotations

import posixpath
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from fixer.diagnose.workflows import WorkflowJob
from fixer.errors import ToolError
from fixer.model import Finding
from fixer.proc import run
from fixer.verify.mypy import MypyResult, matching_stub_errors, mypy_args

FIND_MODULE = """
import importlib.util, os, sys
try:
    spec = importlib.util.find_spec(sys.argv[1])
except (ImportError, ValueError):
    spec = None
if spec is None:
    print("missing")
else:
    where = list(spec.submodule_search_locations or []) or [os.path.dirname(spec.origin or "")]
    print("typed" if any(os.path.isfile(os.path.join(d, "py.typed")) for d in where) else "untyped")
"""


def stub_module(requirement_name: str) -> str | None:
    """``types-prometheus-client`` -> ``prometheus_client``; None when not a stub package."""
    if not requirement_name.startswith("types-"):
        return None
    return requirement_name[len("types-") :].replace("-", "_").replace(".", "_")


def typed_note(module: str, python: str | None) -> str:
    """Whether ``module`` ships ``py.typed`` in the environment mypy uses."""
    interpreter = python or sys.executable
    try:
        out = run([interpreter, "-I", "-c", FIND_MODULE, module], Path.cwd(), timeout=60)
    except (OSError, ToolError):  # not installed, not runnable, or timed out
        out = None
    found = out.stdout.strip() if out else ""
    if found == "typed":
        return f"{module} ships py.typed: its own type hints replace the removed stub package."
    if found == "untyped":
        return f"{module} does not ship py.typed: mypy sees it as untyped without a stub."
    return f"{module} is not installed where mypy runs ({interpreter}); py.typed not checked."


@dataclass(frozen=True, slots=True)
class MypyStep:
    cwd: str
    args: tuple[str, ...]


def mypy_step(workflows: Sequence[WorkflowJob], finding: Finding) -> MypyStep | None:
    """The workflow's mypy step for the jobs the finding broke (they never reached it)."""
    candidates = [j for j in workflows if any(j.matches(name) for name in finding.jobs)]
    candidates += [j for j in workflows if j not in candidates]
    for job in candidates:
        for step in job.steps:
            args = mypy_args(step.run)
            if args is not None:
                cwd = step.workdir or job.workdir or ""
                cwd = posixpath.normpath(cwd) if cwd else ""
                return MypyStep("" if cwd == "." else cwd, tuple(args))
    return None


def untyped_findings(result: MypyResult, module: str) -> list[Finding]:
    """The run's missing-stubs errors for ``module``, as the log's parser reads them."""
    return [replace(e.finding(), resolved=True) for e in matching_stub_errors(result, module)]
