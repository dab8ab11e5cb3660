"""``pylint.rule``: a pylint message.

pylint's default (``text``) and ``parseable`` formats:
``pkg/app.py:3:0: W0611: Unused import os (unused-import)`` and
``pkg/app.py:3: [W0611(unused-import), ] Unused import os``. The ``*** Module`` headers and
the score line carry no message.

Never fixed: each message asks for its own change.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

TEXT = re.compile(
    r"^(?P<path>[^\s:][^:]*\.pyi?):(?P<line>\d+):(?P<col>\d+): (?P<code>[CRWEFI]\d{4}):"
    r" (?P<msg>.+?) \((?P<symbol>[a-z0-9-]+)\)\s*$"
)
PARSEABLE = re.compile(
    r"^(?P<path>[^\s:][^:]*\.pyi?):(?P<line>\d+): \[(?P<code>[CRWEFI]\d{4})\((?P<symbol>"
    r"[a-z0-9-]+)\), [^\]]*\] (?P<msg>.+?)\s*$"
)
SEVERITY = {"C": "convention", "R": "refactor", "W": "warning", "E": "error", "F": "fatal"}


class PylintParser(Parser):
    emits = frozenset({"pylint.rule"})
    rank = 54
    triggers = (b".py:", b".pyi:")

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        match = TEXT.match(text) or PARSEABLE.match(text)
        if match is None:
            return
        column = match.groupdict().get("col")
        code, symbol, message = match["code"], match["symbol"], match["msg"]
        hit.report(
            Finding(
                kind="pylint.rule",
                tool="pylint",
                message=f"{message} ({symbol})",
                path=match["path"],
                raw_path=match["path"],
                line=int(match["line"]),
                column=int(column) if column else None,
                code=code,
                fix=f"Change the code as pylint's {symbol} asks, or disable it where it is"
                f" meant (`# pylint: disable={symbol}`).",
                details={"symbol": symbol, "severity": SEVERITY.get(code[0], "")},
                ident=f"{code}|{column}|{message}",
            )
        )


class PylintRule(Kind):
    id = "pylint.rule"
    title = "A pylint message"
    parser = PylintParser
    recognizes = "pylint `text` and `parseable` formats: the message id, its symbol, file and line"
    not_fixable = "each pylint message asks for its own change"
