"""``eslint.rule``: an ESLint error of any rule but ``no-unused-vars`` (which is
``eslint.no-unused-vars``, fixed for imports).

*stylish* (the default: the file's path on its own line, then ``  3:5  error  Unexpected
console statement  no-console``; a file ESLint cannot parse has ``  2:9  error  Parsing
error: ...`` and no rule) and *compact* (``/path/x.js: line 3, col 5, Error - Unexpected
console statement. (no-console)``). A warning fails no job, so it counts only when the
command fails on warnings (``--max-warnings``).

Never fixed: each rule asks for its own change (``eslint --fix`` fixes those it can).
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.diagnose.eslint import _fails_on_warnings, _stylish_header
from fixer.kinds.base import Kind
from fixer.model import Finding

STYLISH = re.compile(
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<sev>error|warning)\s+(?P<msg>.+?)"
    r"(?:\s{2,}(?P<rule>(?:@[\w.-]+/)?[\w.-]+(?:/[\w.-]+)?))?\s*$"
)
COMPACT = re.compile(
    r"^(?P<path>.+?): line (?P<line>\d+), col (?P<col>\d+), (?P<sev>Error|Warning) - "
    r"(?P<msg>.+?)(?: \((?P<rule>(?:@[\w.-]+/)?[\w.-]+(?:/[\w.-]+)?)\))?\s*$"
)
KEPT = ("no-unused-vars", "@typescript-eslint/no-unused-vars")  # their own kind


class EslintRuleParser(Parser):
    emits = frozenset({"eslint.rule"})
    rank = 41
    triggers = (b"  error  ", b"  warning  ", b", Error - ", b", Warning - ")

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        match = STYLISH.match(text) or COMPACT.match(text)
        if match is None:
            return
        rule, message = match["rule"], match["msg"].rstrip(".")
        if rule is None and not message.startswith("Parsing error"):
            return  # a stylish entry always ends in its rule, but for a parsing error
        if rule in KEPT:
            return
        if match["sev"].lower() == "warning" and not _fails_on_warnings(hit):
            return
        path = match.groupdict().get("path") or _stylish_header(hit)
        if path is None:
            return
        hit.report(
            Finding(
                kind="eslint.rule",
                tool="eslint",
                message=message,
                path=path,
                raw_path=path,
                line=int(match["line"]),
                column=int(match["col"]),
                code=rule,
                fix=(
                    f"Change the code as ESLint's `{rule}` asks: {message}."
                    if rule
                    else f"Fix the syntax ESLint cannot parse: {message}."
                ),
                details={"severity": match["sev"].lower()},
                ident=f"{rule}|{match['col']}|{message}",
            )
        )


class EslintRule(Kind):
    id = "eslint.rule"
    title = "An ESLint error"
    parser = EslintRuleParser
    recognizes = (
        "ESLint stylish and compact formats: an error of any other rule, or a parsing error;"
        " warnings only under `--max-warnings`"
    )
    not_fixable = "each ESLint rule asks for its own change; fixer fixes only unused imports"
