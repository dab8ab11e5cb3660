"""Names from ``typing`` for a codemod's new annotations, imported in the module's style.

:class:`TypingImports` answers "how do I write ``Any`` here?" and remembers what that
answer needs: a name merged into the module's ``from typing import ...`` (keeping its
layout and order), ``typing.Any`` / ``t.Any`` in a module that does ``import typing``,
or a new ``from typing import Any`` line where ruff's isort rules put it.

Why the import layer (this module, ``_import_edits``, ``_import_removal``) is hand-written
rather than LibCST's scheduled import edits (``AddImportsVisitor``,
``RemoveImportsVisitor``, libcst 1.9): both were run against it on real code, the package
modules of the twelve sdists of ``bench/accuracy/corpus.py`` (tests and files over 2,500
lines left out), each edit judged by whether the output compiles, keeps every comment,
and what ``ruff check --isolated`` says of it (``I001`` for an added import, ``F401`` for
a removal):

- adding ``typing.Any`` to each of 331 modules: the same text in 121; neither lost a
  comment or broke the code. ``AddImportsVisitor`` puts a new import after the module's
  last top-level import whatever its section, so ``from typing import Any`` lands below
  third-party and local imports (``h11/__init__.py``, ``invoke/main.py``, ``setup.py``):
  ruff's isort reports the block as unsorted in 71 modules where it did not before,
  against 3 here (none a misplaced new line: blocks already out of order that ruff had
  not reported, behind a ``# noqa`` on the block's first line, or with the project's own
  package taken for third party when the file is linted alone); it joins a name into a
  vertical ``from typing import (...)`` list by rewriting the list on one line of 91
  characters (``h11/_headers.py``), and on a small case puts two names on one line next
  to a comment (``Any, Dict,  # mappings``); it leaves one blank line, not two, between
  a new import and the ``class`` or ``def`` after it (``executing/_exceptions.py``); it
  imports ``Any`` anew in a module that does ``import typing as t`` (here: ``t.Any``);
  and it never wraps a line that grows past the project's line length.
- removing each of the 67 unused imports ruff reports in 24 modules: the same text in
  20. ``RemoveImportsVisitor.remove_unused_import`` cannot name a module-less relative
  import (``from . import py2, py3``: not matched as ``pkg``, ``""`` or ``"."``), so 11
  names stayed (``isort/stdlibs/__init__.py``, ``pathspec/__init__.py``); it dropped the
  comment lines above a removed import (``# DEPRECATED: Expose the GitIgnorePattern
  class ...`` in ``pathspec``); and it pulled the closing parenthesis of a vertical list
  onto the last name's line (``Dict)`` in ``pyparsing/examples/protobuf_parser.py``). It
  also removes only what its own scope analysis finds unused and says nothing when it
  keeps a name, while fixer removes what the tool reported and refuses, with the reason
  the report shows, what must stay (:mod:`fixer.codemods.python.unused_import`).

The hand-written layer keeps each statement's layout and comments and puts a new line
where ruff's isort would (:mod:`fixer.codemods.python._isort`), which is what a reviewer
reads in the diff; LibCST's visitors are kept out.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from fixer.codemods.base import Skip
from fixer.codemods.python._import_edits import add_alias, insert_import, wrap
from fixer.codemods.python._isort import member_key
from fixer.codemods.python._names import Binding, import_module_name, module_bindings


class TypingImports:
    """Plan references to ``typing`` names, then :meth:`apply` the imports they need.

    A name the module (or a class or function around the reference) binds to something
    else is written ``typing.X`` when the module does ``import typing``, else imported
    as ``from typing import X as _X``; so is every new name when ``private`` (the module
    is star-imported and has no ``__all__``: a new public name would change what
    ``import *`` gives its importers).
    """

    def __init__(self, module: cst.Module, private: bool = False) -> None:
        self._bindings = module_bindings(module)
        self._merge_at = _typing_from_import(module)
        self._typing_alias = _typing_module_alias(self._bindings)
        self._private = private
        self._pending: dict[str, str] = {}  # local name -> typing name
        self._in_code: set[str] = set()  # local names referenced outside type comments

    def ref(
        self,
        name: str,
        runtime: bool,
        shadowed: frozenset[str] = frozenset(),
        private: bool = True,
        comment: bool = False,
    ) -> cst.BaseExpression:
        """An expression naming ``typing.<name>``; ``runtime``: evaluated when the code runs;
        ``shadowed``: the names bound in the scopes around the reference; ``private``: a
        ``_<name>`` import may be added (else :class:`Skip` where one would be needed);
        ``comment``: the reference is in a type comment (see :meth:`comment_only`)."""
        found = self._ref(name, runtime, shadowed, private)
        if not comment and isinstance(found, cst.Name):
            self._in_code.add(found.value)
        return found

    def comment_only(self) -> list[str]:
        """The new imports no code uses, only type comments: ruff and flake8 do not read
        those, and would report the import as unused."""
        return sorted(local for local in self._pending if local not in self._in_code)

    def _ref(
        self, name: str, runtime: bool, shadowed: frozenset[str], private: bool
    ) -> cst.BaseExpression:
        for local in (name, f"_{name}"):
            if self._pending.get(local) == name and local not in shadowed:
                return cst.Name(local)
        usable = [
            local
            for local, bindings in self._bindings.items()
            if local not in shadowed
            and _binds(bindings, name)
            and any(b.runtime or not runtime for b in bindings)
        ]
        if usable:
            return cst.Name(name if name in usable else usable[0])
        taken = name in self._bindings or name in shadowed or self._private
        if not taken and self._merge_at is not None:
            return self._add(name, name)
        if self._typing_alias is not None and self._typing_alias not in shadowed:
            return cst.Attribute(value=cst.Name(self._typing_alias), attr=cst.Name(name))
        if not taken:
            return self._add(name, name)
        if name not in shadowed and name in self._bindings and _binds(self._bindings[name], name):
            raise Skip(f"`{name}` is imported for the type checker only; the code here runs")
        local = f"_{name}"
        if not private:
            raise Skip(f"`{name}` means something else here")
        if local in self._bindings or local in shadowed or local in self._pending:
            raise Skip(
                f"`{name}` and `{local}` mean something else here; cannot import it from typing"
            )
        return self._add(local, name)

    def clashes(self, name: str) -> bool:
        """Whether the module binds ``name`` to something that is not ``typing.<name>``."""
        return name in self._bindings and not _binds(self._bindings[name], name)

    def _add(self, local: str, name: str) -> cst.Name:
        self._pending[local] = name
        return cst.Name(local)

    def apply(self, module: cst.Module, line_length: int = 88) -> cst.Module:
        """Add the imports the references handed out need (a module of the same layout); a
        one-line ``from typing import`` that grows past ``line_length`` is wrapped. A name
        imported under another name gets a statement of its own, as isort writes it."""
        plain = [name for local, name in self._pending.items() if local == name]
        aliased = [(name, local) for local, name in self._pending.items() if local != name]
        if plain and self._merge_at is None:
            module = insert_import(module, "typing", plain)
        elif plain:
            module = self._merge(module, plain, line_length)
        for pair in sorted(aliased, key=lambda p: member_key(p[0])):
            module = _import_as(module, *pair)
        return module

    def _merge(self, module: cst.Module, names: list[str], line_length: int) -> cst.Module:
        assert self._merge_at is not None
        index, small = self._merge_at
        line = module.body[index]
        assert isinstance(line, cst.SimpleStatementLine)
        node = line.body[small]
        assert isinstance(node, cst.ImportFrom)
        for name in names:
            node = add_alias(node, name)
        body = list(line.body)
        body[small] = node
        new_line = line.with_changes(body=body)
        if _too_long(module, new_line, line_length) and _wrappable(line, node):
            new_line = line.with_changes(body=[wrap(node)])
        return module.with_changes(body=[*module.body[:index], new_line, *module.body[index + 1 :]])


def _import_as(module: cst.Module, name: str, local: str) -> cst.Module:
    """``from typing import <name> as <local>``: a line of its own after the module's last
    ``from typing import`` line (isort's place for it), else where a new import goes."""
    lines = [i for i, line in enumerate(module.body) if _from_typing(line)]
    if not lines:
        return insert_import(module, "typing", (), [(name, local)])
    alias = cst.ImportAlias(name=cst.Name(name), asname=cst.AsName(name=cst.Name(local)))
    new = cst.SimpleStatementLine(body=[cst.ImportFrom(module=cst.Name("typing"), names=[alias])])
    at = lines[-1] + 1
    return module.with_changes(body=[*module.body[:at], new, *module.body[at:]])


def _from_typing(line: cst.CSTNode) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and any(
        isinstance(small, cst.ImportFrom) and import_module_name(small) == "typing"
        for small in line.body
    )


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
