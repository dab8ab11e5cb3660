"""Imports that an unused import hides from ruff and pyflakes, by binding the same name.

Measured with ruff 0.17 and pyflakes 4.1 (``--select F401``): of two imports in one
scope that bind the same name, neither used, both tools report only the later one:

- ``import os`` + ``import os.path`` (and ``import os, os.path``): ``os.path``;
- ``import os.path`` + ``import os``, ``import a.b`` + ``import a.c``,
  ``import a.b`` + ``import a``: the second;
- ``import os`` twice, ``import os.path`` twice, ``from typing import Any`` twice,
  ``from x import a`` + ``import a``, ``import a`` + ``from x import a``: the second
  (with ``F811``, "redefinition of unused", when that rule is on).

Removing the reported one leaves the earlier one reported, a new finding. Imports in
other scopes (``import os`` at the top, ``import os.path`` in a function) are reported
each on their own and are not concerned; nor are different bound names
(``import os.path as p``). The hidden import goes with the reported one only when the
name is no identifier anywhere else in the module (no load, store, ``del``,
``global``, parameter, ``def`` or ``class`` of it): then no binding of it is read
where the tools look, and the codemod's other checks cover where they do not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

import libcst as cst

from fixer.codemods.python._import_search import Located, all_imports


def hidden_by(
    module: cst.Module, found: Located, parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> list[Located]:
    """The other imports of ``found``'s scope that bind the name it binds."""
    scope = _scope(found.statement, parents)
    partners = []
    for stmt in all_imports(module):
        if isinstance(stmt.names, cst.ImportStar) or _scope(stmt, parents) is not scope:
            continue
        for index, alias in enumerate(stmt.names):
            other = Located(stmt, index, alias)
            if other.bound == found.bound and (stmt, index) != (found.statement, found.index):
                partners.append(other)
    return partners


def named_elsewhere(tree: ast.Module, name: str) -> bool:
    """Whether ``name`` is an identifier of the module outside its import statements."""
    return name in _identifiers(tree)


def _identifiers(tree: ast.Module) -> Iterator[str]:
    """Every identifier but the names of imports: ``Name`` nodes, parameters, and the
    ``name`` of definitions, handlers, patterns and type parameters."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.arg):
            yield node.arg
        elif isinstance(node, ast.Global | ast.Nonlocal):
            yield from node.names
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest
        elif not isinstance(node, ast.alias):
            name = getattr(node, "name", None)
            if isinstance(name, str):
                yield name


def _scope(node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> cst.CSTNode | None:
    """The function or class whose body holds ``node`` (None: the module)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, cst.FunctionDef | cst.ClassDef):
            return node
    return None
