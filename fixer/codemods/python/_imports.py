"""Names from ``typing`` for a codemod's new annotations, imported in the module's style.

:class:`TypingImports` answers "how do I write ``Any`` here?" and remembers what that
answer needs: a name merged into the module's ``from typing import ...`` (keeping its
layout and order), ``typing.Any`` / ``t.Any`` in a module that does ``import typing``,
or a new ``from typing import Any`` line where ruff's isort rules put it.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from fixer.codemods.base import Skip
from fixer.codemods.python._import_edits import add_alias, insert_import, wrap
from fixer.codemods.python._names import Binding, import_module_name, module_bindings


class TypingImports:
    """Plan references to ``typing`` names, then :meth:`apply` the imports they need."""

    def __init__(self, module: cst.Module) -> None:
        self._bindings = module_bindings(module)
        self._merge_at = _typing_from_import(module)
        self._typing_alias = _typing_module_alias(self._bindings)
        self._pending: list[str] = []

    def ref(self, name: str, runtime: bool) -> cst.BaseExpression:
        """An expression naming ``typing.<name>``; ``runtime``: evaluated when the code runs."""
        if name in self._pending:
            return cst.Name(name)
        usable = [
            local
            for local, bindings in self._bindings.items()
            if _binds(bindings, name) and any(b.runtime or not runtime for b in bindings)
        ]
        if usable:
            return cst.Name(name if name in usable else usable[0])
        taken = name in self._bindings
        if not taken and self._merge_at is not None:
            self._pending.append(name)
            return cst.Name(name)
        if self._typing_alias is not None:
            return cst.Attribute(value=cst.Name(self._typing_alias), attr=cst.Name(name))
        if taken:
            raise Skip(
                f"`{name}` means something else in this module; cannot import it from typing"
            )
        self._pending.append(name)
        return cst.Name(name)

    def apply(self, module: cst.Module, line_length: int = 88) -> cst.Module:
        """Add the imports the references handed out need (a module of the same layout); a
        one-line ``from typing import`` that grows past ``line_length`` is wrapped."""
        if not self._pending:
            return module
        if self._merge_at is None:
            return insert_import(module, "typing", self._pending)
        index, small = self._merge_at
        line = module.body[index]
        assert isinstance(line, cst.SimpleStatementLine)
        node = line.body[small]
        assert isinstance(node, cst.ImportFrom)
        for name in self._pending:
            node = add_alias(node, name)
        body = list(line.body)
        body[small] = node
        new_line = line.with_changes(body=body)
        if _too_long(module, new_line, line_length) and _wrappable(line, node):
            new_line = line.with_changes(body=[wrap(node)])
        return module.with_changes(body=[*module.body[:index], new_line, *module.body[index + 1 :]])


def _too_long(module: cst.Module, line: cst.SimpleStatementLine, limit: int) -> bool:
    own = module.code_for_node(line.with_changes(leading_lines=()))
    return any(len(text) > limit for text in own.splitlines())


def _wrappable(line: cst.SimpleStatementLine, node: cst.ImportFrom) -> bool:
    """One statement on its line, not parenthesized yet, and no comment after it."""
    comment = line.trailing_whitespace.comment
    return len(line.body) == 1 and node.lpar is None and comment is None


def _binds(bindings: Sequence[Binding], name: str) -> bool:
    """Whether a local name is only ever ``typing.<name>`` (or typing_extensions')."""
    wanted = {f"typing.{name}", f"typing_extensions.{name}"}
    return all(b.qualified in wanted for b in bindings)


def _typing_from_import(module: cst.Module) -> tuple[int, int] | None:
    """(line index, statement index) of the first module-level ``from typing import``."""
    for index, line in enumerate(module.body):
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for small_index, small in enumerate(line.body):
            if (
                isinstance(small, cst.ImportFrom)
                and import_module_name(small) == "typing"
                and not isinstance(small.names, cst.ImportStar)
            ):
                return index, small_index
    return None


def _typing_module_alias(bindings: dict[str, list[Binding]]) -> str | None:
    """``typing`` or ``t`` when the module does ``import typing [as t]`` where it runs."""
    aliases = [
        local
        for local, found in bindings.items()
        if all(b.qualified == "typing" and b.runtime for b in found)
    ]
    if "typing" in aliases:
        return "typing"
    return aliases[0] if aliases else None
