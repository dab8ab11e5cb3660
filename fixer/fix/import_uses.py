"""Imported names of a module that the rest of the project uses, for ``ruff.F401`` and
``flake8.F401``: the facts behind ``CodemodContext.keep_imports``.

ruff and pyflakes read one file at a time, so an import that another module takes from
this one (a re-export) looks unused to them. Every ``.py``/``.pyi`` file of the worktree
is checked for

- ``from m import name``, ``from .m import name``, ``from m import *``;
- ``import pkg.m`` / ``import pkg.m as m`` / ``from pkg import m`` / ``from . import m``,
  then ``m.name``, ``pkg.m.name``, or ``getattr(m, "name")`` / ``patch.object(m, "name")``;
- the string ``"pkg.m.name"`` (``mock.patch`` targets) and ``import_module("pkg.m")``
  (its ``.name``, the names of the variable it is assigned to, else every name).

Only files whose text names the module's last component in an import or a dotted
string, and one of its imported names (or ``*``, or a dynamic import), are parsed.
Fixtures are :mod:`fixer.fix.fixture_uses`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from fixer.codemods.python._import_uses import dotted
from fixer.fix.project_index import (
    Project,
    module_key,
    module_names,
    relative_key,
    string_pattern,
)

DYNAMIC = re.compile(r"\b(?:import_module|__import__|import_string)\b")


@dataclass(frozen=True, slots=True)
class Target:
    """The module whose imports may be removed, as importers can name it."""

    path: str
    key: str  # ``pkg/m``
    names: frozenset[str]  # ``m``, ``pkg.m``, ...

    @classmethod
    def of(cls, path: str) -> Target:
        return cls(path, module_key(path), frozenset(module_names(path)))

    def named(self, base: tuple[int, str]) -> bool:
        """Whether an import's base (level, dotted module or path key) is this module."""
        level, name = base
        return name == self.key if level else name in self.names


def import_base(importer: str, node: ast.ImportFrom) -> tuple[int, str]:
    """(level, module) of a ``from`` import, relative ones as a path key."""
    if node.level:
        return node.level, relative_key(importer, node.level, node.module)
    return 0, node.module or ""


def _join(base: tuple[int, str], name: str) -> tuple[int, str]:
    level, module = base
    if level:
        return level, f"{module}/{name}" if module != "." else name
    return 0, f"{module}.{name}" if module else name


def bound_names(tree: ast.Module) -> set[str]:
    """The names the module's imports bind (anywhere in it)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found |= {a.asname or a.name for a in node.names if a.name != "*"}
    return found


def reexports(project: Project, path: str) -> dict[str, str]:
    """Imported names of the module at ``path`` that other modules use, with where."""
    tree = project.tree(path)
    if tree is None:
        return {}
    names = bound_names(tree)
    if not names:
        return {}
    target = Target.of(path)
    stem = target.key.rsplit("/", 1)[-1]
    kept: dict[str, str] = {}
    for other in project.mentioning(stem, names):
        if module_key(other) == target.key:
            continue
        for name, where in _uses(project, other, target):
            for bound in sorted(names) if name == "*" else [name]:
                if bound in names and bound not in kept and not (name == "*" and bound[0] == "_"):
                    kept[bound] = f"`{bound}` is used by another module: {where}"
    return kept


def _uses(project: Project, path: str, target: Target) -> Iterator[tuple[str, str]]:
    """(name, where) for each use of the target's names in one importer ("*" for all).

    The file's import statements answer ``from m import name``; the whole file is parsed
    only when it binds the module itself, names it in a string or imports dynamically.
    """
    bindings: set[str] = set()
    for stmt in project.imports(path):
        if isinstance(stmt, ast.ImportFrom):
            base = import_base(path, stmt)
            for alias in stmt.names:
                if target.named(base):
                    verb = "imports * from it" if alias.name == "*" else "imports it"
                    yield alias.name, f"{path}:{stmt.lineno} {verb}"
                elif target.named(_join(base, alias.name)):
                    bindings.add(alias.asname or alias.name)
        else:
            bindings |= {a.asname or a.name for a in stmt.names if a.name in target.names}
    text = project.text(path) or ""
    stem = target.key.rsplit("/", 1)[-1]
    if not (bindings or string_pattern(stem).search(text) or DYNAMIC.search(text)):
        return
    tree = project.tree(path)
    if tree is None:
        return
    dynamic: list[ast.Call] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from _named_in_string(path, node, target)
        elif isinstance(node, ast.Call) and _imports_dynamically(node, target):
            dynamic.append(node)
    if dynamic:
        yield from _dynamic(path, tree, dynamic, bindings)
    if bindings:
        yield from _attributes(path, tree, bindings)


def _dynamic(
    path: str, tree: ast.Module, calls: list[ast.Call], bindings: set[str]
) -> Iterator[tuple[str, str]]:
    """``import_module("pkg.m").name`` uses ``name``; ``m = import_module("pkg.m")``
    binds ``m`` like an import; any other use of the module object may use any name."""
    open_calls = list(calls)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and any(node.value is c for c in open_calls):
            open_calls = [c for c in open_calls if c is not node.value]
            yield node.attr, f"{path}:{node.lineno} imports it by name at run time"
        elif (
            isinstance(node, ast.Assign)
            and any(node.value is c for c in open_calls)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            open_calls = [c for c in open_calls if c is not node.value]
            bindings.add(node.targets[0].id)
    for call in open_calls:
        yield "*", f"{path}:{call.lineno} imports the module by name at run time"


def _attributes(path: str, tree: ast.Module, bindings: set[str]) -> Iterator[tuple[str, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and dotted(node.value) in bindings:
            yield node.attr, f"{path}:{node.lineno} uses it as `{dotted(node.value)}.{node.attr}`"
        elif isinstance(node, ast.Call) and len(node.args) >= 2:
            head, name = node.args[0], node.args[1]
            if (
                dotted(head) in bindings
                and isinstance(name, ast.Constant)
                and isinstance(name.value, str)
            ):
                yield name.value, f"{path}:{node.lineno} names it in a call"


def _imports_dynamically(node: ast.Call, target: Target) -> bool:
    """``import_module("pkg.m")``, ``__import__("pkg.m")``, ``import_string(...)``."""
    func = (dotted(node.func) or "").split(".")[-1]
    if func not in ("import_module", "__import__", "import_string") or not node.args:
        return False
    first = node.args[0]
    return isinstance(first, ast.Constant) and first.value in target.names


def _named_in_string(path: str, node: ast.Constant, target: Target) -> Iterator[tuple[str, str]]:
    """``"pkg.m.name"`` (a ``mock.patch`` target, a dotted reference) names ``name``."""
    value = str(node.value)
    if "." not in value or not value.replace(".", "").replace("_", "").isalnum():
        return
    for name in target.names:
        if value.startswith(name + "."):
            yield value[len(name) + 1 :].split(".")[0], f"{path}:{node.lineno} names {value!r}"
