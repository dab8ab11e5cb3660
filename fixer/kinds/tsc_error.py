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
import, a property that does not exist, a name or module that cannot be found).

Fixed: an unused import, TS6133 (``'x' is declared but its value is never read.``) on an
import binding and TS6192 (``All imports in import declaration are unused.``), which
tsc places at the declaration's first character when the declaration has one binding or
none is used, at the binding else. The source settles whether the place is an import
(:meth:`TscError.locate`); the JS/TS import codemod that ``eslint.no-unused-vars`` uses
removes it (tree-sitter), and the project's own ``tsc`` (its locked TypeScript, run as
the CI step ran it, same tsconfig) proves it (:mod:`fixer.verify.node_checks`); without
a tsc to run the removal is not verified. An unused local, parameter, type or property
is not changed: removing a local may drop a call's side effects, and a parameter is part
of a signature that callers and overrides rely on; each wants a person's choice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from fixer.contract import Hit, Parser, strip_marker
from fixer.diagnose.paths import RepoIndex
from fixer.kinds.base import Kind, count, where
from fixer.kinds.eslint_no_unused_vars import inside_import
from fixer.kinds.ruff_f401 import unused_imports
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
IMPORTS = frozenset({"TS6133", "TS6192"})  # the codes an unused import is reported with
IMPORT_AT = re.compile(r"^import\b(?!\s*\()")  # an import declaration, not `import(...)`
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


def about(code: str, message: str) -> str:
    """What a message is about: the name it quotes for the codes that name one, else the
    message itself (a check's output is read with the same words as the log)."""
    return _name(code, message) or message


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
    change = (
        "an unused import (TS6133 on an import binding, TS6192) goes as for"
        " `eslint.no-unused-vars`, proven by the project's `tsc` (its locked TypeScript, the"
        " CI's command and tsconfig); unverified when no tsc can run"
    )
    codemods = ("fixer.codemods.js.unused_import_js:UnusedJsImport",)
    facts = frozenset({"import_runs"})  # whether a bare `import './m'` must stay
    only = "unused imports"
    not_fixable = (
        "only an unused import is removed: an unused local may hold a call's side effects and"
        " a parameter is part of a signature, so they are left to a person; other errors have"
        " no rewrite that tsc proves right"
    )
    verifier = "tsc"
    precondition = "tsc"
    topic = "types"

    def admits(self, finding: Finding) -> bool:
        return finding.code in IMPORTS and finding.details.get("binding") == "import"

    def subject(self, findings: Sequence[Finding]) -> str:
        if all(f.details.get("name") for f in findings):
            return unused_imports(findings)
        return f"remove {count(len(findings), 'unused import')}{where(findings, 'from')}"

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """Whether an unused declaration is an import, read from the source."""
        if finding.code not in IMPORTS or not finding.resolved or finding.line is None:
            return finding
        text = index.read(finding.path or "")
        lines = text.splitlines() if text is not None else []
        if not 0 < finding.line <= len(lines):
            return finding
        column = finding.column or 1
        at = lines[finding.line - 1][column - 1 :]
        name = finding.details.get("name")
        if name and not at.startswith(name) and not IMPORT_AT.match(at):
            # the source is not the one tsc read (an older log): nothing is settled
            return replace(finding, details={**finding.details, "binding": "stale"})
        in_import = bool(IMPORT_AT.match(at)) or inside_import(lines, finding.line, column)
        prefix = lines[finding.line - 1][: column - 1]
        other = "parameter" if prefix.count("(") > prefix.count(")") else "declaration"
        details = {**finding.details, "binding": "import" if in_import else other}
        if finding.code == "TS6192":
            details["imports"] = "all"  # every binding of the declaration at this place
        if in_import:
            fix = f"Remove the unused import `{name}`." if name else finding.fix
        else:
            fix = finding.fix + " (not an import: not changed automatically)"
        return replace(finding, fix=fix, details=details)
