"""prettier's output for a file ``prettier --check`` named: taken as prettier prints it.

The fix layer gives the codemod the project's prettier, run on a text as that file
(``ctx.reformat``: ``--stdin-filepath``, so the project's configuration, ignore file and
plugins apply as to the file itself, and nothing is written). prettier formats more than
JS (CSS, Markdown, JSON, YAML, HTML), so any file it named is taken; a JS or TS file must
still parse after it (no tree-sitter error node that the file did not have), and prettier
refusing the file (a syntax error it cannot format, a plugin it cannot load) is a
:class:`Skip` with prettier's message. The CI's own ``prettier --check`` proves the
result (:mod:`fixer.verify.tool_checks`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fixer.codemods.base import Codemod, Example, Skip
from fixer.errors import ToolError
from fixer.jsparse import grammar_for, has_syntax_errors
from fixer.model import CodemodContext, Finding


class PrettierOutput(Codemod):
    id = "prettier_output"
    language = "javascript"
    positional = False  # the tool reads the whole text

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        if ctx.reformat is None:
            raise Skip("prettier is not available at the project's version")
        try:
            after = ctx.reformat(text, findings)
        except ToolError as exc:
            raise Skip(f"prettier refused the file: {exc}") from None
        path = findings[0].path if findings else None
        if after != text and path and grammar_for(path) is not None and _breaks(text, after, path):
            raise Skip("prettier's output no longer parses")
        return after


def _breaks(before: str, after: str, path: str) -> bool:
    """Whether ``after`` has syntax errors that ``before`` did not have."""
    return has_syntax_errors(after, path) and not has_syntax_errors(before, path)


def _finding(path: str = "src/a.jsx") -> Finding:
    return Finding(kind="prettier.format", tool="prettier", message="", path=path, resolved=True)


def _stand_in(function: object) -> CodemodContext:
    """A context whose tool is ``function``: the examples test the codemod, not prettier
    (the real prettier runs in tests/test_fix_prettier.py)."""
    return CodemodContext(reformat=function)  # type: ignore[arg-type]


def _semi(text: str, findings: Sequence[Finding]) -> str:
    return re.sub(r"\{(\w+):(\d+)\}", r"{ \1: \2 }", text).replace("}\n", "};\n")


def _broken(text: str, findings: Sequence[Finding]) -> str:
    return text.replace("{", "{{")


def _refuses(text: str, findings: Sequence[Finding]) -> str:
    raise ToolError(("prettier",), 2, stderr="[error] src/a.jsx: SyntaxError: Unexpected token")


PrettierOutput.examples = (
    Example(
        "layout",
        "const a = {b:1}\n",
        "const a = { b: 1 };\n",
        (_finding(),),
        path="src/a.jsx",
        context=_stand_in(_semi),
    ),
    Example(
        "formatted",
        "const a = { b: 1 };\n",
        "const a = { b: 1 };\n",
        (_finding(),),
        path="src/a.jsx",
        context=_stand_in(_semi),
    ),
    Example(
        "output-does-not-parse",
        "const a = {b:1}\n",
        "const a = {b:1}\n",
        (_finding(),),
        path="src/a.jsx",
        context=_stand_in(_broken),
        skip=True,
    ),
    Example(
        "prettier-refuses",
        "const a = {b:1\n",
        "const a = {b:1\n",
        (_finding(),),
        path="src/a.jsx",
        context=_stand_in(_refuses),
        skip=True,
    ),
    Example(
        "no-tool",
        "const a = {b:1}\n",
        "const a = {b:1}\n",
        (_finding(),),
        path="src/a.jsx",
        context=_stand_in(None),
        skip=True,
    ),
)
