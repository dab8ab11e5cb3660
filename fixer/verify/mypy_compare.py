"""Which error after a change is which error before it, and which findings name which.

Errors before and after are paired one for one through the edit's line maps
(:mod:`fixer.verify.linemap`): same key (the file, and the kind, code and subject that
the log's parser reads from the error: :attr:`MypyError.key`), on the line the old one
moved to, and at the column it moved to where the edit left that text alone (the end
column too on a line it did not touch). An error left unpaired after the change is new;
a targeted error still paired is still there. A finding names its baseline error by its
kind and place: by column when the CI log printed one, else by its subject as the parser
read it (``dict``); no two findings claim the same error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from fixer.verify.linemap import LineMap, Place, place
from fixer.verify.mypy_output import MypyError

if TYPE_CHECKING:
    from fixer.model import Finding
    from fixer.verify.mypy import MypyResult


Maps = Mapping[str, LineMap]


def pairs(baseline: MypyResult, after: MypyResult, maps: Maps | None = None) -> dict[int, int]:
    """Which baseline error each error after the change is (index after -> index before):
    one for one, same file, code and message, at the place the edit moved it to."""
    places = [place(maps or {}, e.path, e.line, e.column) for e in baseline.errors]
    by_key: dict[tuple[str, str, str | None, str], list[int]] = defaultdict(list)
    for j, error in enumerate(baseline.errors):
        by_key[error.key].append(j)
    paired: dict[int, int] = {}
    free = set(range(len(baseline.errors)))
    for exact in (True, False):  # a pair at the very column first
        for i, error in enumerate(after.errors):
            if i in paired:
                continue
            for j in by_key.get(error.key, []):
                if j in free and _fits(places[j], baseline.errors[j], error, exact):
                    paired[i] = j
                    free.discard(j)
                    break
    return paired


def _fits(where: Place | None, old: MypyError, new: MypyError, exact: bool) -> bool:
    if where is None or not where.lines[0] <= new.line <= where.lines[1]:
        return False
    if where.column is None or new.column is None:
        return not exact
    if where.column != new.column:
        return False
    if where.moved_only and old.end_column is not None and new.end_column is not None:
        return old.end_column == new.end_column
    return True


def new_errors(
    baseline: MypyResult, after: MypyResult, maps: Maps | None = None
) -> list[MypyError]:
    """Errors of ``after`` that the baseline did not have (through the edit's line maps)."""
    paired = pairs(baseline, after, maps)
    return [e for i, e in enumerate(after.errors) if i not in paired]


def targeted(
    baseline: MypyResult,
    finding: Finding,
    taken: Collection[MypyError] = (),
) -> MypyError | None:
    """The baseline error ``finding`` names, if mypy reproduced it: of its kind, on its
    line, at its column when the log had one, else the one of its subject (``dict``);
    never one in ``taken`` (those other findings claimed)."""
    path, line, column = finding.path or "", finding.line or 0, finding.column
    name = finding.details.get("generic") or finding.details.get("module") or ""
    here = [
        e
        for e in baseline.errors
        if (e.path, e.line, e.kind) == (path, line, finding.kind) and e not in taken
    ]
    if column is not None:
        at = [e for e in here if e.column == column]
        if at:
            return at[0]
    named = [e for e in here if not name or e.ident == name]
    if column is not None:  # no error at that column: only an unambiguous one will do
        return named[0] if len(named) == 1 else None
    return named[0] if named else None


def remaining(
    after: MypyResult,
    errors: Sequence[MypyError],
    baseline: MypyResult,
    maps: Maps | None = None,
) -> list[MypyError]:
    """The targeted ``errors`` (from the baseline) that are still there after the change,
    as ``after`` reports them (where they are now)."""
    now = {j: after.errors[i] for i, j in pairs(baseline, after, maps).items()}
    return [now[j] for j, e in enumerate(baseline.errors) if j in now and e in errors]
