"""ESLint's ``no-unused-vars`` and ``@typescript-eslint/no-unused-vars``.

Two formats: *stylish* (the default: a file path on its own line, then
``  1:36  error  'act' is defined but never used  no-unused-vars``) and *compact*
(``/path/x.jsx: line 1, col 36, Error - 'act' is defined but never used.
(no-unused-vars)``). "assigned a value" means a variable and "Allowed unused args"
a parameter; "defined but never used" may be an import, a function or a class, so
the binding is settled later, against the source, when the repository is known.
Warnings count only when the command fails on them (``--max-warnings``).
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.model import Finding

STYLISH = re.compile(
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<sev>error|warning)\s++(?P<msg>.*?\S)\s{2,}+"
    r"(?P<rule>(?:@typescript-eslint/)?no-unused-vars)\s*+$"
)
COMPACT = re.compile(
    r"^(?P<path>.+?): line (?P<line>\d+), col (?P<col>\d+), (?P<sev>Error|Warning) - "
    r"(?P<msg>.*?\S) \((?P<rule>(?:@typescript-eslint/)?no-unused-vars)\)\s*+$"
)
NAME = re.compile(r"""^'(?P<name>[^']+)' is (?P<what>defined|assigned a value)""")
ENTRY = re.compile(r"^\s+\d+:\d+\s")
HEADER_LOOKBACK = 2000


class EslintParser(Parser):
    emits = frozenset({"eslint.no-unused-vars"})
    rank = 40
    triggers = (b"no-unused-vars",)

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        match = STYLISH.match(text) or COMPACT.match(text)
        if not match:
            return
        if match.group("sev").lower() == "warning" and not _fails_on_warnings(hit):
            return
        path = match.groupdict().get("path") or _stylish_header(hit)
        if path is None:
            return
        line, col = int(match.group("line")), int(match.group("col"))
        finding = unused(path, line, col, match.group("rule"), match.group("msg"))
        if finding is not None:
            hit.report(finding)


def unused(path: str, line: int, column: int, rule: str, message: str) -> Finding | None:
    """The finding one ``no-unused-vars`` message is (None for another message). The
    parser reads the log with it, and verification reads ESLint's JSON with it
    (:mod:`fixer.verify.eslint`), so both name the unused binding alike."""
    msg = message.rstrip(".")
    name_match = NAME.match(msg)
    if not name_match or not rule.endswith("no-unused-vars"):
        return None
    name = name_match.group("name")
    binding = _binding(msg, name_match.group("what"))
    return Finding(
        kind="eslint.no-unused-vars",
        tool="eslint",
        message=msg,
        path=path,
        raw_path=path,
        line=line,
        column=column,
        code=rule,
        fix=_fix(name, binding),
        details={"name": name, "binding": binding},
        ident=name,
    )


def _binding(msg: str, what: str) -> str:
    if what == "assigned a value":
        return "variable"
    if "Allowed unused args" in msg:
        return "parameter"
    return "unknown"  # an import, a function, a class, a caught error: see the source


def _fix(name: str, binding: str) -> str:
    if binding == "import":
        return f"Remove the unused import `{name}`."
    if binding == "unknown":
        return f"Remove the unused `{name}` (fixed automatically when it is an import)."
    return f"Remove or use the unused {binding} `{name}` (not changed automatically)."


def _fails_on_warnings(hit: Hit) -> bool:
    return bool(hit.command and "max-warnings" in hit.command.script)


def _stylish_header(hit: Hit) -> str | None:
    """The file path line above a block of stylish entries."""
    for line in reversed(hit.before(HEADER_LOOKBACK)):
        if not line.strip() or ENTRY.match(line):
            continue
        candidate = strip_marker(line).strip()
        return candidate if re.search(r"\.[cm]?[jt]sx?$", candidate) else None
    return None
