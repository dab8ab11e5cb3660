"""Where a line of a file is after an edit, for comparing mypy's errors before and after.

An edit that adds or removes an import line moves every error below it: the error is the
same, its line is not. :class:`LineMap` maps each line of the text before to its line in
the text after with :class:`difflib.SequenceMatcher` (the standard library's diff, on
lines, then on the characters of a changed line): a line the edit left alone keeps its
columns; a line it rewrote one for one keeps the columns of the characters it did not
touch (``dict`` in ``dict[str, Any]``); a block rewritten into a different number of lines
maps to the whole new block, columns unknown; a deleted line maps nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

Span = tuple[int, int]  # first and last new line (1-based, inclusive)


@dataclass(frozen=True, slots=True)
class Place:
    """Where an old position is now: a range of new lines, and the column when known."""

    lines: Span
    column: int | None  # 1-based; None when the edit rewrote what stood there
    moved_only: bool  # the line itself is unchanged (its end column holds too)


class LineMap:
    def __init__(self, before: str, after: str) -> None:
        self.old, self.new = before.splitlines(), after.splitlines()
        self.spans: dict[int, Span] = {}  # old line (1-based) -> new lines
        self.rewritten: set[int] = set()
        matcher = SequenceMatcher(None, self.old, self.new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    self.spans[i1 + k + 1] = (j1 + k + 1, j1 + k + 1)
            elif tag == "replace":
                for k in range(i2 - i1):
                    one_for_one = i2 - i1 == j2 - j1
                    line = j1 + k + 1
                    self.spans[i1 + k + 1] = (line, line) if one_for_one else (j1 + 1, j2)
                    self.rewritten.add(i1 + k + 1)

    def place(self, line: int, column: int | None) -> Place | None:
        """Where ``line:column`` of the old text is in the new one (None: deleted)."""
        span = self.spans.get(line)
        if span is None:
            return None
        if line not in self.rewritten:
            return Place(span, column, True)
        if column is None or span[0] != span[1]:
            return Place(span, None, False)
        return Place(span, _column(self.old[line - 1], self.new[span[0] - 1], column), False)


def _column(old: str, new: str, column: int) -> int | None:
    index = column - 1
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag == "equal" and i1 <= index < i2:
            return j1 + index - i1 + 1
    return None


def line_maps(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, LineMap]:
    """A map for each path that has a text before and after."""
    return {path: LineMap(text, after[path]) for path, text in before.items() if path in after}


def place(maps: Mapping[str, LineMap], path: str, line: int, column: int | None) -> Place | None:
    """Where a position is after the edits (unchanged for files they did not touch)."""
    found = maps.get(path)
    if found is None:
        return Place((line, line), column, True)
    return found.place(line, column)
