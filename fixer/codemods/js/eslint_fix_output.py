"""The fixes ESLint itself makes for the failing rules of one file.

The fix layer gives the project's ESLint, limited to the rules of the findings
(``ctx.eslint_fix``, :mod:`fixer.forge.eslint_fix`); it reads the text on stdin and
writes nothing. The code changes by design, so the guard is only that the result still
parses as the file's language when the text did; the CI's ESLint command, re-run, proves
that the rules' errors are gone and nothing new is reported
(:mod:`fixer.verify.node_checks`). A finding ESLint offers no fix for is a :class:`Skip`
with ESLint's word, so that the other findings of the file are fixed without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from fixer.codemods.base import Codemod, Example, Skip
from fixer.errors import ToolError, Unfixable
from fixer.jsparse import grammar_for, parse_bytes
from fixer.model import CodemodContext, Finding


class EslintFixOutput(Codemod):
    id: ClassVar[str] = "eslint_fix_output"
    language = "javascript"
    positional = False  # the tool reads the whole text

    def applies_to(self, path: str) -> bool:
        return grammar_for(path) is not None

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        if ctx.eslint_fix is None:
            raise Skip("the project's ESLint is not installed, so it cannot make its fix")
        try:
            after = ctx.eslint_fix(text, findings)
        except Unfixable as exc:
            raise Skip(exc.reason) from None
        except ToolError as exc:
            raise Skip(f"ESLint failed on the file: {exc}") from None
        path = next((f.path for f in findings if f.path), "") or "x.js"
        if after != text and _parses(text, path) and not _parses(after, path):
            raise Skip("ESLint's fix leaves code that does not parse")
        return after


def _parses(text: str, path: str) -> bool:
    return not parse_bytes(text.encode("utf-8", "surrogatepass"), path).root_node.has_error


def _finding(rule: str, line: int, column: int) -> Finding:
    return Finding("eslint.rule", "eslint", "", "src/a.js", line, column, rule, resolved=True)


def _const(text: str, findings: Sequence[Finding]) -> str:
    """Stands in for ESLint's prefer-const fix (nothing left to fix: the text as it is):
    the examples test the codemod, the real ESLint runs in tests/test_fix_eslint_rules.py."""
    return text.replace("let total", "const total")


def _no_fix(text: str, findings: Sequence[Finding]) -> str:
    raise Unfixable("ESLint 9.39.5 offers no fix for no-console at 1:1")


def _broken(text: str, findings: Sequence[Finding]) -> str:
    return text.replace("= 1", "= (1")


def _stand_in(function: object) -> CodemodContext:
    return CodemodContext(eslint_fix=function)  # type: ignore[arg-type]  # a plain function


EslintFixOutput.examples = (
    Example(
        "fixed",
        "let total = 1;\nexport { total };\n",
        "const total = 1;\nexport { total };\n",
        (_finding("prefer-const", 1, 5),),
        path="src/a.js",
        context=_stand_in(_const),
    ),
    Example(
        "already-fixed",
        "const total = 1;\n",
        "const total = 1;\n",
        (_finding("prefer-const", 1, 5),),
        path="src/a.js",
        context=_stand_in(_const),
    ),
    Example(
        "no-fix-offered",
        "console.log(1);\n",
        "console.log(1);\n",
        (_finding("no-console", 1, 1),),
        path="src/a.js",
        context=_stand_in(_no_fix),
        skip=True,
    ),
    Example(
        "broken-output",
        "let total = 1;\n",
        "let total = 1;\n",
        (_finding("prefer-const", 1, 5),),
        path="src/a.js",
        context=_stand_in(lambda t, f: _broken(_const(t, f), f)),
        skip=True,
    ),
)
