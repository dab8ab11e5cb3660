"""Byte-range edits on UTF-8 source, and the line arithmetic they need.

tree-sitter reads but does not print: a codemod finds nodes, turns them into
``(start, end, replacement)`` byte ranges and applies them from the end backwards so
earlier offsets stay valid. Lines end at ``\\n`` (a ``\\r`` before it belongs to the
line ending), which keeps CRLF files CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

TRAILING_COMMENT = re.compile(rb"[ \t]*(//[^\n]*|/\*((?!\*/)[^\n])*\*/[ \t]*)?\r?$")


class Edit(NamedTuple):
    start: int
    end: int
    replacement: bytes = b""


def apply(data: bytes, edits: Iterable[Edit]) -> bytes:
    """Apply non-overlapping ``edits`` to ``data`` (ValueError when two overlap)."""
    result = data
    limit = len(data) + 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > limit:
            raise ValueError(f"overlapping edits at byte {edit.start}")
        result = result[: edit.start] + edit.replacement + result[edit.end :]
        limit = edit.start
    return result


def line_start(data: bytes, pos: int) -> int:
    """Offset of the first byte of the line holding ``pos``."""
    return data.rfind(b"\n", 0, pos) + 1


def line_stop(data: bytes, pos: int) -> int:
    """Offset just past the line ending of the line holding ``pos`` (or the end of data)."""
    newline = data.find(b"\n", pos)
    return len(data) if newline < 0 else newline + 1


def starts_line(data: bytes, pos: int) -> bool:
    """Only spaces and tabs come before ``pos`` on its line."""
    return not data[line_start(data, pos) : pos].strip(b" \t")


def ends_line(data: bytes, pos: int) -> bool:
    """Only blanks, or a comment that closes on this line, follow ``pos`` on its line."""
    stop = data.find(b"\n", pos)
    rest = data[pos : len(data) if stop < 0 else stop]
    return TRAILING_COMMENT.fullmatch(rest) is not None


def is_blank_line(data: bytes, start: int) -> bool:
    """The line starting at ``start`` holds nothing but whitespace (False past the end)."""
    if start >= len(data):
        return False
    return not data[start : line_stop(data, start)].strip()


def spaces_before(data: bytes, pos: int) -> int:
    """Offset of the first of the spaces and tabs directly before ``pos``."""
    while pos > 0 and data[pos - 1 : pos] in (b" ", b"\t"):
        pos -= 1
    return pos


def spaces_after(data: bytes, pos: int) -> int:
    """Offset just past the spaces and tabs directly after ``pos``."""
    while data[pos : pos + 1] in (b" ", b"\t"):
        pos += 1
    return pos


def remove_lines(data: bytes, start: int, end: int) -> Edit:
    """Remove the whole lines from ``start``'s to ``end``'s, with their line ending.

    When that leaves two blank lines together (or a blank line at the top of the file),
    the blank line below goes too.
    """
    first = line_start(data, start)
    stop = line_stop(data, end)
    blank_above = first == 0 or is_blank_line(data, line_start(data, first - 1))
    if blank_above and is_blank_line(data, stop):
        stop = line_stop(data, stop)
    return Edit(first, stop)


def utf16_column(data: bytes, pos: int) -> int:
    """1-based column of byte ``pos`` in UTF-16 code units, as ESLint counts columns."""
    prefix = data[line_start(data, pos) : pos].decode("utf-8", "surrogatepass")
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2 + 1
