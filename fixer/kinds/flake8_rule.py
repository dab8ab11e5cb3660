"""``flake8.rule``: any flake8 violation but F401 (which is ``flake8.F401``, fixed).

flake8's ``default`` format, ``./pkg/app.py:3:1: E302 expected 2 blank lines, found 1``,
and its ``pylint`` format, ``./pkg/app.py:3: [E302] expected 2 blank lines, found 1``
(no column). ruff prints the same shapes, so a line counts only in a step whose command
runs flake8 (or, with no command, a path flake8 prints from ``.``: ``./pkg/app.py``).

Never fixed: each code asks for its own change (a formatter fixes the style codes).
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

DEFAULT = re.compile(
    r"^(?P<path>[^\s:][^:]*\.pyi?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{1,3}\d{1,4})"
    r" (?P<msg>.*\S)\s*$"
)
PYLINT = re.compile(
    r"^(?P<path>[^\s:][^:]*\.pyi?):(?P<line>\d+): \[(?P<code>[A-Z]{1,3}\d{1,4})\] (?P<msg>.*\S)\s*$"
)
KEPT = "F401"  # its own kind


def runs_flake8(hit: Hit, path: str) -> bool:
    if hit.command is not None:
        return "flake8" in hit.command.script
    return path.startswith("./")


class Flake8RuleParser(Parser):
    emits = frozenset({"flake8.rule"})
    rank = 53
    triggers = (b".py:", b".pyi:")

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        match = DEFAULT.match(text) or PYLINT.match(text)
        if match is None or match["code"] == KEPT or not runs_flake8(hit, match["path"]):
            return
        column = match.groupdict().get("col")
        code, message = match["code"], match["msg"]
        hit.report(
            Finding(
                kind="flake8.rule",
                tool="flake8",
                message=message,
                path=match["path"],
                raw_path=match["path"],
                line=int(match["line"]),
                column=int(column) if column else None,
                code=code,
                fix=f"Change the code as flake8's {code} asks: {message}.",
                ident=f"{code}|{column}|{message}",
            )
        )


class Flake8Rule(Kind):
    id = "flake8.rule"
    title = "A flake8 violation"
    parser = Flake8RuleParser
    recognizes = "flake8 `default` and `pylint` formats: every code but F401, with file and line"
    not_fixable = "each flake8 code asks for its own change; fixer fixes only F401"
