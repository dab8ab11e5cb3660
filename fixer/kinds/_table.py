"""The README's two kind tables, written from the kinds (a test keeps the README in step).

``python -m fixer.kinds --markdown`` prints them.
Kinds that read and fix alike (``ruff.F401`` and ``flake8.F401``) share a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fixer.kinds import all_kinds
from fixer.kinds.base import Kind

FIX_HEADER = "| finding | change |"
KIND_HEADER = "| kind | tool | fixable |"


def _rows(kinds: Sequence[Kind], same: Callable[[Kind], object]) -> list[list[Kind]]:
    rows: dict[object, list[Kind]] = {}
    for kind in kinds:
        rows.setdefault(same(kind), []).append(kind)
    return list(rows.values())


def _ids(kinds: Sequence[Kind]) -> str:
    return ", ".join(f"`{k.id}`" for k in kinds)


def fix_table() -> str:
    """What each fixable kind's fix changes."""
    fixing = [k for k in all_kinds() if k.has_transform]
    lines = [FIX_HEADER, "|---|---|"]
    for row in _rows(fixing, lambda k: (k.change, k.only)):
        first = row[0]
        only = f" ({first.only} only)" if first.only else ""
        lines.append(f"| {_ids(row)}{only} | {first.change} |")
    return "\n".join(lines)


def kind_table() -> str:
    """What each kind recognizes, and whether it is fixed."""
    lines = [KIND_HEADER, "|---|---|---|"]
    for row in _rows(all_kinds(), lambda k: (k.recognizes, k.has_transform, k.only)):
        first = row[0]
        fixable = (f"{first.only} only" if first.only else "yes") if first.has_transform else "no"
        lines.append(f"| {_ids(row)} | {first.recognizes} | {fixable} |")
    return "\n".join(lines)


def tables() -> tuple[str, ...]:
    return (fix_table(), kind_table())


def section(text: str, header: str) -> str | None:
    """The table in ``text`` that starts with the line ``header`` (up to its last row)."""
    lines = text.splitlines()
    if header not in lines:
        return None
    start = lines.index(header)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[start:end])
