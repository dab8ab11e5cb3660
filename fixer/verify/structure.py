"""Checks that need no tool run: the changed file still parses, and it changed only as
the fix says (a removed requirement is gone and nothing else moved).

A Python file that the running interpreter parses (:func:`ast.parse`) parses; only one it
does not is handed to libcst, so a fix made by a tool (a formatter, ruff) loads no libcst
at all."""

from __future__ import annotations

import ast
import warnings
from pathlib import PurePosixPath

from fixer.requirements import declared_line, remove_declarations

JS = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")


def parse_problem(path: str, text: str) -> str | None:
    """Why ``text`` does not parse as the file type of ``path``, or None. Each parser is
    loaded for the first file of its type (a fix of Python files loads no TOML or
    tree-sitter parser)."""
    name = PurePosixPath(path).name
    try:
        if name.endswith(".py"):
            if _compiles(text):
                return None  # this Python parses it: no need to load libcst's parser
            import libcst

            try:
                libcst.parse_module(text)
            except libcst.ParserSyntaxError as exc:
                return _unparsed(path, exc)
        elif name.endswith(".toml"):
            import tomlkit
            from tomlkit.exceptions import TOMLKitError

            try:
                tomlkit.parse(text)
            except TOMLKitError as exc:
                return _unparsed(path, exc)
        elif name.endswith(JS):
            from fixer.jsparse import has_syntax_errors

            if has_syntax_errors(text, path):
                return f"{path} no longer parses (syntax error nodes)"
    except ValueError as exc:
        return _unparsed(path, exc)
    return None


def _compiles(text: str) -> bool:
    """Whether the running Python parses ``text``. A file it does not parse may still be
    valid for another Python (newer syntax, an old ``print`` statement): libcst, which
    parses every version's grammar, decides then."""
    with warnings.catch_warnings():  # an invalid escape such as "\d" only warns
        warnings.simplefilter("ignore")
        try:
            ast.parse(text)
        except (SyntaxError, ValueError):
            return False
    return True


def _unparsed(path: str, exc: Exception) -> str:
    return f"{path} no longer parses: {str(exc).splitlines()[0]}"


def removal_problem(path: str, before: str, after: str, name: str) -> str | None:
    """Why the removal of ``name`` from ``path`` is not exactly that, or None."""
    if PurePosixPath(path).name == "pyproject.toml":
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        try:
            old, new = tomlkit.parse(before).unwrap(), tomlkit.parse(after).unwrap()
        except (TOMLKitError, ValueError) as exc:
            return f"{path} is not valid TOML after the change: {exc}"
        remove_declarations(old, name)
        if old != new:
            return f"{path} changed beyond the removal of {name}"
    elif declared_line(after, name) is not None:
        return f"{path} still declares {name}"
    else:
        kept = [line for line in after.splitlines() if line.strip()]
        original = [line for line in before.splitlines() if line.strip()]
        it = iter(original)
        if not all(any(line == o for o in it) for line in kept):
            return f"{path} changed beyond the removal of {name}"
    return None
