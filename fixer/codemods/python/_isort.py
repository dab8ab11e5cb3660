"""Where ruff's import sorting (its isort rules, default settings) puts an import.

Members of a ``from`` import sort by type (CONSTANTS, then Classes, then variables),
then case-insensitively in natural order (``A2`` before ``A10``). Within a section,
plain ``import x`` lines come before ``from x import y`` lines, each sorted by module.
Sections: ``__future__``, standard library, third party, first party, local.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

import libcst as cst

from fixer.codemods.python._names import dotted_name, import_module_name

NatKey = tuple[tuple[int, str], ...]
Slot = Literal["before", "after", "new-section", "top-of-imports", "top"]


def natural_key(text: str) -> NatKey:
    """Digits compare as numbers, the rest as text."""
    parts = re.split(r"(\d+)", text)
    return tuple((int(p), "") if i % 2 else (-1, p) for i, p in enumerate(parts))


def member_key(name: str) -> tuple[int, NatKey, NatKey]:
    """The order of a name inside ``from m import a, B, C_D`` (ruff: order-by-type)."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        kind = 0  # CONSTANT
    elif name[:1].isupper():
        kind = 1  # Class
    else:
        kind = 2  # variable
    return kind, natural_key(name.lower()), natural_key(name)


def is_sorted(names: Sequence[str]) -> bool:
    keys = [member_key(n) for n in names]
    return all(a <= b for a, b in pairwise(keys))


def section(module: str) -> int:
    """0 future, 1 standard library, 2 anything else (third party, first party, local)."""
    if module == "__future__":
        return 0
    if not module.startswith(".") and module.split(".")[0] in sys.stdlib_module_names:
        return 1
    return 2


def import_line(stmt: cst.CSTNode) -> tuple[int, bool, str] | None:
    """(section, is ``from``, module) of a line holding one import, else None."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if isinstance(small, cst.Import):
        module = dotted_name(small.names[0].name) or ""
        return section(module), False, module
    if isinstance(small, cst.ImportFrom):
        module = import_module_name(small)
        return section(module), True, module
    return None


def is_docstring(stmt: cst.CSTNode) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    return isinstance(small, cst.Expr) and isinstance(
        small.value, cst.SimpleString | cst.ConcatenatedString
    )


def from_import_slot(body: Sequence[cst.CSTNode], module: str) -> tuple[int, Slot]:
    """Where a new ``from <module> import ...`` line goes in a module's body.

    Returns the index to insert at and how the line relates to its neighbours:
    ``"before"`` (it takes the place of the statement there, same section),
    ``"after"`` (it follows the previous import of its section directly),
    ``"new-section"`` (first import of its section, after an earlier section),
    ``"top-of-imports"`` (first import of its section, before the later sections) or
    ``"top"`` (the module has no imports: it precedes the code).
    """
    start = 1 if body and is_docstring(body[0]) else 0
    end = start
    while end < len(body) and import_line(body[end]) is not None:
        end += 1
    own, own_key = section(module), natural_key(module.lower())
    last_before = None
    for index in range(start, end):
        info = import_line(body[index])
        assert info is not None
        sec, is_from, other = info
        if sec < own or (sec == own and (not is_from or natural_key(other.lower()) < own_key)):
            last_before = index
            continue
        if sec == own:
            return index, "before"
        break
    if last_before is not None:
        prev = import_line(body[last_before])
        assert prev is not None
        return last_before + 1, "after" if prev[0] == own else "new-section"
    if start < end:
        return start, "top-of-imports"
    return start, "top"
