"""What the codemods that take the failing tool's own output share.

The fix layer gives them the project's version of the tool, run on a text as the file
the log names (``ctx.reformat``: the tool reads it on stdin and prints the result; it
never writes a file). Each codemod adds the guard of what its kind of tool may change
(:mod:`.formatter_output`, :mod:`.import_sorter_output`, :mod:`.rule_fix_output`). The
tool failing (a syntax error it cannot format, a crash) is a :class:`Skip` with the
tool's message.

Syntax trees are compared with :mod:`ast`, without positions; docstrings as black
compares them (the whitespace around their line breaks and at their ends is the
formatter's to change).
"""

from __future__ import annotations

import ast
import re
from abc import abstractmethod
from collections import Counter
from collections.abc import Sequence

from fixer.codemods.base import Codemod, Skip
from fixer.errors import ToolError
from fixer.model import CodemodContext, Finding

DOCSTRING_SPACE = re.compile(r"[ \t]*\n[ \t]*")


class ToolOutput(Codemod):
    language = "python"
    positional = False  # the tool reads the whole text

    def applies_to(self, path: str) -> bool:
        return path.endswith((".py", ".pyi"))

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        if ctx.reformat is None:
            raise Skip("the tool that failed is not available at the project's version")
        try:
            after = ctx.reformat(text, findings)
        except ToolError as exc:
            raise Skip(f"the tool refused the file: {exc}") from None
        if after != text:
            self.guard(text, after)
        return after

    @abstractmethod
    def guard(self, before: str, after: str) -> None:
        """Raise :class:`Skip` when the change is not one this kind of tool may make."""


def parsed(text: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError as exc:  # a newer syntax than fixer's Python reads, or broken
        raise Skip(f"cannot compare the syntax trees: {exc.msg} at line {exc.lineno}") from None


def tree(text: str, drop_imports: bool = False) -> str:
    """The syntax tree of ``text`` without positions, docstrings' layout normalized."""
    module = parsed(text)
    for node in ast.walk(module):
        body = getattr(node, "body", None)
        if isinstance(body, list) and isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                first.value.value = DOCSTRING_SPACE.sub("\n", first.value.value).strip()
        if drop_imports:
            for field in ("body", "orelse", "finalbody"):
                stmts = getattr(node, field, None)
                if isinstance(stmts, list):
                    kept = [s for s in stmts if not isinstance(s, ast.Import | ast.ImportFrom)]
                    setattr(node, field, kept)
    return ast.dump(module)


def imports(module: ast.Module) -> Counter[tuple[int, str, str, str | None]]:
    """Every name imported anywhere: (level, module, name, alias), counted."""
    found: Counter[tuple[int, str, str, str | None]] = Counter()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            found.update((0, "", a.name, a.asname) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.update((node.level, node.module or "", a.name, a.asname) for a in node.names)
    return found


def finding(kind: str) -> Finding:
    return Finding(kind=kind, tool="ruff", message="", path="x.py", resolved=True)


def stand_in(function: object) -> CodemodContext:
    """A context whose tool is ``function``: the examples test the guard, not the tool
    (the real tools run in tests/test_fix_formatters.py)."""
    return CodemodContext(reformat=function)  # type: ignore[arg-type]
