"""``tsc.error``: a TypeScript compiler error, by file, line, column and ``TSxxxx`` code.

tsc prints each error in one of two forms (``pretty`` is its default on a terminal, so a
job's log shows the plain form unless the command asks for ``--pretty``):

- plain: ``src/invoice.ts(10,25): error TS2322: Type 'string' is not assignable to type
  'number'.``
- ``--pretty``: ``src/invoice.ts:10:25 - error TS2322: Type ...`` in colour, then the
  source line and a ``~~~~`` marker, and the related places (``  src/money.ts:2:3``);
- either: ``error TS5023: Unknown compiler option 'x'.`` for an error of no file.

An elaborated message continues on the lines below, indented by two spaces (``  Property
'currency' is missing in type ...``): they are joined to the first. The name a message
quotes first is the finding's subject for the codes that name one (an unused local or
import, a property that does not exist, a name or module that cannot be found). Not
fixable: fixer has no TypeScript rewrite that tsc proves right.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

KIND = "tsc.error"
PLAIN = re.compile(
    r"^(?P<path>[^\s(][^()]*?)\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>TS\d+): "
    r"(?P<msg>.*)$"
)
PRETTY = re.compile(
    r"^(?P<path>[^\s:][^:]*?):(?P<line>\d+):(?P<col>\d+) - error (?P<code>TS\d+): (?P<msg>.*)$"
)
BARE = re.compile(r"^error (?P<code>TS\d+): (?P<msg>.*)$")
QUOTED = re.compile(r"'(?P<name>[^']+)'")
# the codes whose message quotes its subject first
NAMED = frozenset(
    {
        "TS2304",  # Cannot find name 'x'.
        "TS2305",  # Module '"./m"' has no exported member 'x'.
        "TS2307",  # Cannot find module 'x' or its corresponding type declarations.
        "TS2339",  # Property 'x' does not exist on type 'T'.
        "TS2551",  # Property 'x' does not exist on type 'T'. Did you mean 'y'?
        "TS2552",  # Cannot find name 'x'. Did you mean 'y'?
        "TS2724",  # '"./m"' has no exported member named 'x'. Did you mean 'y'?
        "TS6133",  # 'x' is declared but its value is never read.
        "TS6138",  # Property 'x' is declared but its value is never read.
        "TS6196",  # 'x' is declared but never used.
    }
)
UNUSED = frozenset({"TS6133", "TS6138", "TS6192", "TS6196", "TS6198", "TS6199", "TS6205"})
MAX_CONTINUATION = 20  # lines of one message's elaboration


class TscParser(Parser):
    emits = frozenset({KIND})
    rank = 45
    # ``--pretty`` colours the category and the code apart: its raw line never holds
    # ``error TS`` (``ESC[91merrorESC[0mESC[90m TS2322: ESC[0m``)
    triggers = (b"error TS", b"error\x1b[0m\x1b[90m TS")

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text).rstrip()
        match = PLAIN.match(text) or PRETTY.match(text)
        found = match or BARE.match(text)
        if found is None:
            return
        code, message = found.group("code"), found.group("msg").strip()
        more: list[str] = []
        for following in hit.after(MAX_CONTINUATION):
            if not following.startswith("  ") or not following.strip():
                break
            more.append(following.rstrip())
        extra = tuple(hit.evidence(t, hit.line + i) for i, t in enumerate(more, start=1))
        message = " ".join([message, *(t.strip() for t in more)])
        details = {"code": code}
        name = _name(code, message)
        if name:
            details["name"] = name
        path = match.group("path") if match else None
        line = int(match.group("line")) if match else None
        column = int(match.group("col")) if match else None
        hit.report(
            Finding(
                kind=KIND,
                tool="tsc",
                message=message,
                path=path,
                raw_path=path,
                line=line,
                column=column,
                code=code,
                fix=_fix(code, name, path, line, column),
                details=details,
                ident=f"{code}|{name or message}",
            ),
            extra=extra,
        )


def _name(code: str, message: str) -> str:
    if code not in NAMED:
        return ""
    quoted = QUOTED.findall(message)
    if code in {"TS2305", "TS2724"} and len(quoted) > 1:
        return str(quoted[1])  # the member, not the module
    return str(quoted[0]).strip('"') if quoted else ""


def _fix(code: str, name: str, path: str | None, line: int | None, column: int | None) -> str:
    where = f"{path}:{line}:{column}" if path else "the project's configuration"
    if code == "TS6192":
        return f"Remove the import declaration at {where}: none of its imports is used."
    if code in UNUSED:
        subject = f"`{name}`" if name else "the unused declaration"
        return (
            f"Remove {subject} at {where}, or use it (tsc's `noUnusedLocals` /"
            " `noUnusedParameters` make it an error; a parameter may be renamed `_x`)."
        )
    return f"Fix the type error at {where} ({code}); `npx tsc --noEmit` shows it again."


class TscError(Kind):
    id = KIND
    title = "TypeScript compiler error"
    parser = TscParser
    recognizes = (
        "tsc: `file(line,col): error TSxxxx: message` and the `--pretty` form"
        " `file:line:col - error TSxxxx:`, with its elaboration; unused locals and imports"
        " (TS6133, TS6192) among them"
    )
    not_fixable = "fixer has no TypeScript rewrite that tsc proves right"
