"""Imported names of a module that the rest of the project uses, for ``ruff.F401`` and
``flake8.F401``: the facts behind ``CodemodContext.keep_imports``.

ruff and pyflakes read one file at a time, so an import that another module takes from
this one (a re-export) looks unused to them. Every ``.py``/``.pyi`` file of the worktree
is checked for

- ``from m import name``, ``from .m import name``, ``from m import *`` (which takes
  only the names of ``__all__`` when the module lists them in literals, every name
  that does not start with ``_`` otherwise);
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
    starred = sorted(names if (listed := literal_all(tree)) is None else names & listed)
    kept: dict[str, str] = {}
    for other in project.mentioning(stem, names):
        if module_key(other) == target.key:
            continue
        for name, where in _uses(project, other, target):
            for bound in starred if name == "*" else [name]:
                if bound in names and bound not in kept and not (name == "*" and bound[0] == "_"):
                    kept[bound] = f"`{bound}` is used by another module: {where}"
    return kept


def literal_all(tree: ast.Module) -> frozenset[str] | None:
    """The names of ``__all__``, when the module builds it only from string literals in
    module-level statements (``__all__ = [...]``, ``+= [...]``, ``.extend([...])``,
    ``.append("...")``) and names it nowhere else (no other read or write, no string
    holding ``__all__``); else None: what ``import *`` takes cannot be read."""
    names: set[str] = set()
    known: set[int] = set()  # ids of the ``__all__`` nodes of those statements
    assigned = False
    for stmt in tree.body:
        value, name = _all_statement(stmt)
        if name is None:
            continue
        strings = _strings(value)
        if strings is None:
            return None
        assigned |= isinstance(stmt, ast.Assign | ast.AnnAssign)
        names |= strings
        known.add(id(name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "__all__" and id(node) not in known:
            return None
        if isinstance(node, ast.Attribute) and node.attr == "__all__":
            return None
        if isinstance(node, ast.Global) and "__all__" in node.names:
            return None
        if isinstance(node, ast.Constant) and "__all__" in str(node.value):
            return None
    return frozenset(names) if assigned else None


def _all_statement(stmt: ast.stmt) -> tuple[ast.expr | None, ast.Name | None]:
    """(the value, the ``__all__`` name) of a statement that builds ``__all__``."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target: ast.expr = stmt.targets[0]
        value: ast.expr | None = stmt.value
    elif isinstance(stmt, ast.AnnAssign) or (
        isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add)
    ):
        target, value = stmt.target, stmt.value
    elif (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and stmt.value.func.attr in ("extend", "append")
        and len(stmt.value.args) == 1
        and not stmt.value.keywords
    ):
        target, value = stmt.value.func.value, stmt.value.args[0]
        if stmt.value.func.attr == "append" and not isinstance(value, ast.Constant):
            value = None  # not a string: unreadable
    else:
        return None, None
    if isinstance(target, ast.Name) and target.id == "__all__":
        return value, target
    return None, None


def _strings(value: ast.expr | None) -> set[str] | None:
    """The strings of a string literal or a list/tuple of them, else None."""
    items = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
    found = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
    return set(found) if found and len(found) == len(items) else None


def star_importers(project: Project, path: str) -> tuple[str, ...]:
    """``path:line`` of every other module that does ``from <the module at path> import *``."""
    target = Target.of(path)
    found = []
    for other in project.mentioning(target.key.rsplit("/", 1)[-1], ["*"]):
        if module_key(other) == target.key:
            continue
        for stmt in project.imports(other):
            if (
                isinstance(stmt, ast.ImportFrom)
                and target.named(import_base(other, stmt))
                and any(alias.name == "*" for alias in stmt.names)
            ):
                found.append(f"{other}:{stmt.lineno}")
    return tuple(found)


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
