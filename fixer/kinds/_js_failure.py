"""The block jest and Playwright print under a failed test, read the same way for both.

After the test's header come the error (the block's first line), the ``Expected:`` /
``Received:`` lines or a diff's first changed lines (``- Expected`` / ``+ Received``), and
the stack's ``at`` frames: the first frame outside ``node_modules`` is where the error
was raised (a frame of the runner's parser or resolver says nothing of the project), the
first in the test's own file the line that failed. A block with no frame in the test's
file may name its place in the error itself (a syntax error's ``file: message (9:49)``).
A snapshot that ``--ci`` does not write says so under the error (``New snapshot was not
written. ...``): that line is the decisive one. Each reporter says where its block ends.

Hand-written: the reporters' text is all a job's log holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from fixer.contract import Hit
from fixer.model import Evidence

AT = re.compile(r"^\s*at (?:.*? \()?(?P<path>[^\s()]+?):(?P<line>\d+):(?P<col>\d+)\)?\s*$")
VALUE = re.compile(r"^\s*(?P<key>Expected|Received)(?: [\w ]+)?: (?P<value>.+)$")
PLACE = re.compile(r"^(?P<path>[^\s:]+): .*\((?P<line>\d+):(?P<col>\d+)\)$")  # babel's
SNAPSHOT = "New snapshot was not written."
FRAME = re.compile(r"^\s*>\s*(?P<line>\d+) \|")  # the code frame's marked line
MAX_BLOCK = 300  # lines read under one header


@dataclass
class Failure:
    """What one failed test's block shows."""

    error: Evidence | None = None  # the block's first line
    raised: str = ""  # ``path:line:col`` of the first frame
    place: tuple[int, int, Evidence] | None = None  # the first frame in the test's file
    values: dict[str, str] = field(default_factory=dict)  # "expected", "received"
    note: Evidence | None = None  # a line under the error that says why (a snapshot)
    frame: tuple[int, Evidence] | None = None  # the code frame's ``>  9 |`` line

    @property
    def message(self) -> str:
        return self.error.text.strip() if self.error else ""

    def raised_elsewhere(self, file: str, line: int | None, column: int | None) -> bool:
        return bool(self.raised) and self.raised != f"{file}:{line}:{column}"

    def evidence(self, hit: Hit) -> tuple[Evidence, ...]:
        """The header's line, the error's (and its note) and the test's failing line."""
        found = [hit.evidence(), *(e for e in (self.error, self.note) if e is not None)]
        if self.place is not None and self.place[2] is not self.error:
            found.append(self.place[2])
        return tuple(found)

    def said(self) -> str:
        """``: <error>``, with both values when the error does not already show them."""
        message = self.message
        if not message:
            return ""
        shown = [f"{k} `{v}`" for k, v in self.values.items() if v not in message]
        note = f": {self.note.text.strip()}" if self.note is not None else ""
        return f": {message}{note}" + (f" ({', '.join(shown)})" if len(shown) == 2 else "")


def read_failure(
    hit: Hit, file: str, ends: Callable[[str], bool], path: Callable[[str], str] = str
) -> Failure:
    """The block under ``hit`` (the header) up to the line ``ends`` says is past it (or a
    runner marker); ``path`` maps a frame's path to the test file's spelling."""
    failure = Failure()
    diff = False
    for offset, text in enumerate(hit.after(MAX_BLOCK), start=1):
        if ends(text) or text.startswith("##["):
            break
        stripped = text.strip()
        if failure.error is None:
            if stripped:
                failure.error = hit.evidence(text, hit.line + offset)
            continue
        at = AT.match(text)
        if at is not None:
            where, number, col = path(at["path"]), int(at["line"]), int(at["col"])
            if not failure.raised and not _dependency(where):
                failure.raised = f"{where}:{number}:{col}"
            if failure.place is None and (where == file or where.endswith("/" + file)):
                failure.place = (number, col, hit.evidence(text, hit.line + offset))
            continue
        frame = FRAME.match(text)
        if frame is not None:
            if failure.frame is None:
                failure.frame = (int(frame["line"]), hit.evidence(text, hit.line + offset))
            continue
        if failure.note is None and stripped.startswith(SNAPSHOT):
            failure.note = hit.evidence(text, hit.line + offset)
            continue
        value = VALUE.match(text)
        if value and not diff:
            failure.values.setdefault(value["key"].lower(), value["value"].strip())
        elif stripped.startswith(("- Expected", "+ Received")):
            diff = True
        elif diff and stripped[:2] in {"- ", "+ "}:
            key = "expected" if stripped[0] == "-" else "received"
            failure.values.setdefault(key, stripped[2:].strip())
    if failure.place is None and failure.error is not None:
        failure.place = _named_place(failure.error, failure.frame, file, path)
    return failure


def _dependency(path: str) -> bool:
    return path.startswith("node_modules/") or "/node_modules/" in path


def _named_place(
    error: Evidence, frame: tuple[int, Evidence] | None, file: str, path: Callable[[str], str]
) -> tuple[int, int, Evidence] | None:
    """The test file's place a syntax error names (``SyntaxError: <file>: ... (9:49)``),
    with the code frame's line for it when the block shows it."""
    message = error.text.strip()
    head, _, rest = message.partition(": ")
    named = PLACE.match(rest) if head.endswith("Error") else None
    if named is None:
        return None
    where = path(named["path"])
    if where != file and not where.endswith("/" + file):
        return None
    line = int(named["line"])
    shown = frame[1] if frame is not None and frame[0] == line else error
    return line, int(named["col"]), shown
