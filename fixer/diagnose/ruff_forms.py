"""A ruff violation of any rule, in each form ``ruff check`` prints it. Pure.

- ``concise`` (and ``full`` before 0.12): ``pkg/x.py:3:4: UP006 [*] Use `list` ...``;
- ``full`` (the default since 0.12): ``UP006 [*] Use `list` ...`` then `` --> pkg/x.py:3:4``;
- ``grouped``: a ``pkg/x.py:`` header, then ``  3:4  UP006 [*] Use ...`` entries;
- ``pylint``: ``pkg/x.py:3: [UP006] Use ...`` (no column, no mark);
- ``github``: ``::error title=Ruff (UP006),file=...,line=3,col=4,...::pkg/x.py:3:4: UP006
  Use ...`` raw (after ``::stop-commands::``), or as the runner stores it, the message
  alone behind ``##[error]`` (no mark either way);
- ``json`` (pretty-printed) and ``json-lines``: an object with ``code``, ``filename``,
  ``location`` and ``fix.applicability`` (``safe`` is ruff's ``[*]``).

Each reader gives a :class:`Violation`; whether the line is ruff's at all (flake8 prints
the concise and pylint shapes too) is the parser's question (:mod:`fixer.kinds.ruff_rule`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fixer.diagnose import lintdocs

CODE = r"(?P<code>[A-Z]+[0-9]+)"
PATH = r"(?P<path>(?:[A-Za-z]:)?[^:\s][^:]*?)"
CONCISE = re.compile(
    r"^"
    + PATH
    + r":(?P<line>\d+):(?P<col>\d+): "
    + CODE
    + r" (?P<mark>\[\*\] )?(?P<message>.*\S)\s*$"
)
PYLINT = re.compile(r"^" + PATH + r":(?P<line>\d+): \[" + CODE + r"\] (?P<message>.*\S)\s*$")
HEADER = re.compile(r"^" + CODE + r" (?P<mark>\[\*\] )?(?P<message>.*\S)\s*$")
ARROW = re.compile(r"^\s*-->\s*+(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)\s*$")
GROUP = re.compile(r"^(?P<path>\S.*\.(?:py|pyi|ipynb)):\s*$")
ENTRY = re.compile(
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+" + CODE + r" (?P<mark>\[\*\] )?(?P<message>.*\S)\s*$"
)
# ``Found 3 errors.``, ``Found 3 errors (1 fixed, 2 remaining).``: ruff's summary (mypy's
# says ``in N files``)
SUMMARY = re.compile(r"^Found \d+ errors?(?: \(\d+ fixed, \d+ remaining\))?\.\s*$")
FIXABLE = re.compile(r"^(?:\[\*\] \d+ fixable with the `--fix` option|No fixes available)")
GROUP_ENTRIES = 4000  # entries of one grouped file read at most


@dataclass(frozen=True, slots=True)
class Violation:
    path: str
    line: int
    column: int | None
    code: str
    message: str
    fixable: bool | None  # ruff's ``[*]``; None: the form does not show it
    form: str  # concise, full, grouped, pylint, github, json
    offset: int = 0  # the line that shows it, from the one read (grouped entries, arrows)


def concise(text: str, form: str = "concise") -> Violation | None:
    match = CONCISE.match(text)
    if match is None:
        return None
    return Violation(
        match["path"],
        int(match["line"]),
        int(match["col"]),
        match["code"],
        match["message"],
        None if form == "github" else bool(match["mark"]),
        form,
    )


def pylint(text: str) -> Violation | None:
    match = PYLINT.match(text)
    if match is None:
        return None
    return Violation(
        match["path"], int(match["line"]), None, match["code"], match["message"], None, "pylint"
    )


def github(text: str) -> Violation | None:
    """A raw ``::error title=Ruff (CODE),...::message`` command."""
    parsed = lintdocs.workflow_command(text.lstrip())
    if parsed is None:
        return None
    props, message = parsed
    if not props.get("title", "").lower().startswith("ruff"):
        return None
    return concise(message, "github")


def full(text: str, above: str) -> Violation | None:
    """The `` --> path:line:col`` line of the full form, its header line ``above``."""
    arrow = ARROW.match(text)
    header = HEADER.match(above) if arrow else None
    if arrow is None or header is None:
        return None
    return Violation(
        arrow["path"],
        int(arrow["line"]),
        int(arrow["col"]),
        header["code"],
        header["message"],
        bool(header["mark"]),
        "full",
    )


def grouped(text: str, after: Callable[[int], list[str]]) -> list[Violation]:
    """The entries under a grouped form's ``path:`` header (``text``)."""
    header = GROUP.match(text)
    if header is None:
        return []
    found: list[Violation] = []
    reach = 16
    while True:
        lines = after(reach)
        for offset, line in enumerate(lines[len(found) :], start=len(found) + 1):
            entry = ENTRY.match(line)
            if entry is None:
                return found
            found.append(
                Violation(
                    header["path"],
                    int(entry["line"]),
                    int(entry["col"]),
                    entry["code"],
                    entry["message"],
                    bool(entry["mark"]),
                    "grouped",
                    offset,
                )
            )
        if len(lines) < reach or reach >= GROUP_ENTRIES:
            return found
        reach = min(reach * 8, GROUP_ENTRIES)


def json_objects(
    text: str, before: Callable[[int], list[str]], after: Callable[[int], list[str]]
) -> list[Violation]:
    """The violation object(s) a ``"code": ...`` line of ruff's JSON belongs to."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")) and stripped.endswith(("}", "]", "},")):
        objects = lintdocs.objects_in(stripped.removesuffix(","))
        return [v for obj in objects if (v := from_object(obj)) is not None]
    one = lintdocs.enclosing(text, before, after, from_object)
    return [one] if one is not None else []


def from_object(obj: dict[str, Any]) -> Violation | None:
    """One object of ruff's ``json`` / ``json-lines`` output."""
    code, path, loc = obj.get("code"), obj.get("filename"), obj.get("location")
    message = obj.get("message")
    if not (isinstance(code, str) and isinstance(path, str) and isinstance(loc, dict)):
        return None
    row, col = loc.get("row"), loc.get("column")
    if not isinstance(row, int) or not isinstance(message, str) or not re.fullmatch(CODE, code):
        return None
    fix = obj.get("fix")
    fixable = isinstance(fix, dict) and fix.get("applicability") == "safe"
    return Violation(
        path, row, col if isinstance(col, int) else None, code, message, fixable, "json"
    )
