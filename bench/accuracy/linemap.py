"""Errors before and after a fix, compared through the diff's line map.

An error on a line the diff did not touch is the same error when it sits, with the same
code and message, on the line that line moved to. Errors on touched lines are compared
hunk by hunk, by code and message (their columns move with the edit).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bench.accuracy.tools import Error

HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True, slots=True)
class Hunk:
    old_start: int
    old_len: int
    new_start: int
    new_len: int
    text: str  # the hunk as the diff shows it

    def holds_old(self, line: int) -> bool:
        return self.old_start <= line < self.old_start + max(self.old_len, 1)

    def holds_new(self, line: int) -> bool:
        return self.new_start <= line < self.new_start + max(self.new_len, 1)


@dataclass(slots=True)
class FileDiff:
    path: str
    hunks: list[Hunk] = field(default_factory=list)

    def old_to_new(self, line: int) -> int | None:
        """Where an untouched old line is after the edit; None for a touched line."""
        shift = 0
        for h in self.hunks:
            if h.old_len and h.old_start <= line < h.old_start + h.old_len:
                return None
            end = h.old_start + h.old_len if h.old_len else h.old_start + 1
            if line >= end:
                shift += h.new_len - h.old_len
        return line + shift

    def hunk_of_old(self, line: int) -> Hunk | None:
        return next((h for h in self.hunks if h.old_len and h.holds_old(line)), None)

    def hunk_of_new(self, line: int) -> Hunk | None:
        return next((h for h in self.hunks if h.new_len and h.holds_new(line)), None)


def parse_diff(diff: str) -> dict[str, FileDiff]:
    """``git diff -U0`` output, by new path."""
    files: dict[str, FileDiff] = {}
    current: FileDiff | None = None
    lines: list[str] = []
    for line in [*diff.splitlines(), "diff --git end"]:
        if line.startswith(("diff --git", "@@")) and current is not None and lines:
            _close(current, lines)
            lines = []
        if line.startswith("+++ "):
            path = line[4:].removeprefix("b/")
            current = files.setdefault(path, FileDiff(path))
        elif line.startswith("@@"):
            lines = [line]
        elif lines:
            lines.append(line)
    return files


def _close(current: FileDiff, lines: list[str]) -> None:
    m = HUNK.match(lines[0])
    if m is None:
        return
    old_s, old_l, new_s, new_l = (int(g) if g is not None else 1 for g in m.groups())
    current.hunks.append(Hunk(old_s, old_l, new_s, new_l, "\n".join(lines)))


@dataclass(frozen=True, slots=True)
class Comparison:
    gone: list[Error]  # before, not after
    new: list[Error]  # after, not before


Anchor = tuple[str, int, int, str, str]  # path, hunk (0: none), line, code, message


LINE_REF = re.compile(r"\bline (\d+)")


def _moved_refs(message: str, fd: FileDiff) -> str:
    """A message's "on line N" as it reads after the edit (mypy and ruff both say it)."""

    def sub(m: re.Match[str]) -> str:
        moved = fd.old_to_new(int(m.group(1)))
        return f"line {moved if moved is not None else m.group(1)}"

    return LINE_REF.sub(sub, message)


def _before_anchor(e: Error, diff: dict[str, FileDiff]) -> Anchor:
    fd = diff.get(e.path)
    if fd is None:
        return (e.path, 0, e.line, e.code, e.message)
    message = _moved_refs(e.message, fd)
    moved = fd.old_to_new(e.line)
    if moved is not None:
        return (e.path, 0, moved, e.code, message)
    h = fd.hunk_of_old(e.line)
    return (e.path, h.new_start if h else -1, 0, e.code, message)


def _after_anchor(e: Error, diff: dict[str, FileDiff]) -> Anchor:
    fd = diff.get(e.path)
    h = fd.hunk_of_new(e.line) if fd is not None else None
    if h is None:
        return (e.path, 0, e.line, e.code, e.message)
    return (e.path, h.new_start, 0, e.code, e.message)


def compare(before: list[Error], after: list[Error], diff: dict[str, FileDiff]) -> Comparison:
    """Which errors the edit removed and which it introduced (multisets, through the map)."""
    b = Counter(_before_anchor(e, diff) for e in before)
    a = Counter(_after_anchor(e, diff) for e in after)
    gone_left, new_left = b - a, a - b
    gone, new = [], []
    for e in before:
        key = _before_anchor(e, diff)
        if gone_left[key]:
            gone_left[key] -= 1
            gone.append(e)
    for e in after:
        key = _after_anchor(e, diff)
        if new_left[key]:
            new_left[key] -= 1
            new.append(e)
    return Comparison(gone, new)
