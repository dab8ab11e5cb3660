"""After a ``types-X`` stub requirement is removed: does X bring its own types?

The report says whether X ships ``py.typed`` where mypy runs (the project's interpreter,
else fixer's). What mypy then reports about X is planned and fixed with the removal
(:mod:`fixer.fix.exposed`, :mod:`fixer.verify.later`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fixer.errors import ToolError
from fixer.proc import run

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
