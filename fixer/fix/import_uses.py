"""Imported names of a module that the rest of the project uses, for ``ruff.F401`` and
``flake8.F401``: the facts behind ``CodemodContext.keep_imports``.

ruff and pyflakes read one file at a time, so an import that another module takes from
this one (a re-export) looks unused to them. Every ``.py``/``.pyi`` file of the worktree
is checked for

- ``from m import name``, ``from .m import name``, ``from m import *``;
- ``import pkg.m`` / ``import pkg.m as m`` / ``from pkg import m`` / ``from . import m``,
  then ``m.name``, ``pkg.m.name``, or ``getattr(m, "name")`` / ``patch.object(m, "name")``;
- the string ``"pkg.m.name"`` (``mock.patch`` targets) and ``import_module("pkg.m")``.

Only files whose text contains the module's last name component are parsed: every
static reference to a module spells it. Fixtures are :mod:`fixer.fix.fixture_uses`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from fixer.codemods.python._import_uses import dotted
from fixer.fix.project_index import Project, module_key, module_names, relative_key


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
    for other in project.mentioning(stem):
        other_tree = None if module_key(other) == target.key else project.tree(other)
        if other_tree is None:
            continue
        for name, where in _uses(other, other_tree, target):
            for bound in sorted(names) if name == "*" else [name]:
                if bound in names and bound not in kept and not (name == "*" and bound[0] == "_"):
                    kept[bound] = f"`{bound}` is used by another module: {where}"
    return kept


def _uses(path: str, tree: ast.Module, target: Target) -> Iterator[tuple[str, str]]:
    """(name, where) for each use of the target's names in one importer ("*" for all)."""
    bindings: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = import_base(path, node)
            for alias in node.names:
                if target.named(base):
                    verb = "imports * from it" if alias.name == "*" else "imports it"
                    yield alias.name, f"{path}:{node.lineno} {verb}"
                elif target.named(_join(base, alias.name)):
                    bindings.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in target.names:
                    bindings.add(alias.asname or alias.name)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield from _named_in_string(path, node, target)
        elif isinstance(node, ast.Call) and _imports_dynamically(node, target):
            yield "*", f"{path}:{node.lineno} imports the module by name at run time"
    if bindings:
        yield from _attributes(path, tree, bindings)


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
