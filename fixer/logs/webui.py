"""A job's log as copied from GitHub's web UI, put back into the runner's own form.

The web UI shows the runner's markers instead of printing them: a ``##[group]Run cmd``
block is a ``Run cmd`` header (its body shown only when expanded), ``##[error]Process
completed with exit code 1.`` reads ``Error: Process completed with exit code 1.``, and
no line has a timestamp. Put back, the scanner finds the commands and how they ended as
in a downloaded log. Only the runner's own end-of-step errors (an exit code, a
cancellation, a step's or the job's timeout) are turned back into markers: any other
``Error:`` line may as well be a tool's, so it stays text.

A copy is told from a tool's own output by what only the runner prints: how a step
ended, an expanded ``Run`` body, the runner's set-up and clean-up lines.

An expanded body is recognized by what the runner prints in it: the script's first line
again (the header shows it), or ``with:``/``env:`` for an action, then the script, a
``shell:`` line and an ``env:`` block of indented pairs, all indented alike (a copy may
keep the UI's two-space indent).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

GROUP_LINES = 400  # as the scanner: the longest body read for one command
_BATCH = 1 << 16
_END = (
    rb"Error: (?:Process completed with exit code \d+\.|The operation was canceled\."
    rb"|The action (?:'[^'\r\n]*' )?has timed out(?: after \d+ minutes?)?\."
    rb"|The job (?:running on runner [^\r\n]+ )?has exceeded the maximum execution time of"
    rb" [^\r\n]+)"
)
_RUNNER_END = re.compile(_END + rb"\r?\n?")
_ENDS = re.compile(rb"(?m)^" + _END + rb"\r?$")
_EXPANDED = re.compile(rb"(?m)^Run ([^\r\n]+)\r?\n(?:  )?(?:\1|with:|env:)\r?$")
# what only the runner prints: set-up, the job's name, clean-up
_RUNNER = re.compile(
    rb"(?m)^(?:Current runner version: '|Complete job name: |Cleaning up orphan processes\r?$)"
)


def looks_like_web_text(head: bytes) -> bool:
    """Whether a log without timestamps shows the runner's frames as the web UI does."""
    if b"##[group]" in head or b"##[error]" in head or b"##[endgroup]" in head:
        return False
    return any(p.search(head) for p in (_ENDS, _EXPANDED, _RUNNER))


class _Ahead:
    """Lines with look-ahead."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._queue: deque[bytes] = deque()

    def peek(self, i: int) -> bytes | None:
        while len(self._queue) <= i:
            line = next(self._lines, None)
            if line is None:
                return None
            self._queue.append(line)
        return self._queue[i]

    def pop(self) -> bytes | None:
        return self._queue.popleft() if self._queue else next(self._lines, None)


def _text(line: bytes) -> bytes:
    return line.rstrip(b"\r\n")


def _body(header: bytes, ahead: _Ahead) -> tuple[int, bytes]:
    """How many lines after a ``Run`` header are its body, and their common indent."""
    first = ahead.peek(0)
    if first is None:
        return 0, b""
    text = _text(first)
    indent = b"  " if text.startswith(b"  ") and text[2:3] != b" " else b""
    plain = text[len(indent) :]
    if plain == header:
        n = _script_end(ahead, indent)
        if n is None:
            return 1, indent
    elif plain in (b"with:", b"env:"):
        n = 0
    else:
        return 0, b""
    return _blocks(ahead, indent, n), indent


def _script_end(ahead: _Ahead, indent: bytes) -> int | None:
    """The index of the line after the ``shell:`` line that ends the echoed script."""
    for i in range(1, GROUP_LINES):
        line = ahead.peek(i)
        if line is None or not line.startswith(indent):
            return None
        if line.startswith(indent + b"shell: "):
            return i + 1
    return None


def _blocks(ahead: _Ahead, indent: bytes, n: int) -> int:
    """Past the ``with:`` and ``env:`` blocks (a key, then indented pairs) from line ``n``."""
    while n < GROUP_LINES:
        line = ahead.peek(n)
        if line is None or _text(line) not in (indent + b"with:", indent + b"env:"):
            return n
        n += 1
        while (nxt := ahead.peek(n)) is not None and nxt.startswith(indent + b"  "):
            n += 1
    return n


def _converted(lines: Iterator[bytes]) -> Iterator[bytes]:
    ahead = _Ahead(lines)
    while (line := ahead.pop()) is not None:
        if line.startswith(b"Error: ") and _RUNNER_END.fullmatch(line):
            yield b"##[error]" + line[len(b"Error: ") :]
        elif line.startswith(b"Run ") and len(_text(line)) > 4:
            count, indent = _body(_text(line)[4:], ahead)
            yield b"##[group]" + (line if line.endswith(b"\n") else line + b"\n")
            for _ in range(count):
                body = ahead.pop() or b""
                yield body[len(indent) :]
            yield b"##[endgroup]\n"
        else:
            yield line


def runner_form(lines: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks of a web-UI copy, written the way the runner writes a job's log."""
    batch: list[bytes] = []
    size = 0
    for line in _converted(lines):
        batch.append(line)
        size += len(line)
        if size >= _BATCH:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)
