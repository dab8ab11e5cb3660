"""What the names of a module are bound to, as far as its module-level code says.

Only module scope is read: imports (at the top, in ``try``/``if`` blocks) and the
classes, functions and variables it defines. An import under ``if TYPE_CHECKING:``
exists for the type checker only, so it is marked as such.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True, slots=True)
class Binding:
    """One way a module-level name gets its value."""

    qualified: str  # "typing.Any" for ``from typing import Any``; "" when not an import
    runtime: bool  # False when bound only under ``if TYPE_CHECKING:``


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted_name(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


def import_module_name(node: cst.ImportFrom) -> str:
    """The module of a ``from`` import as tools print it: ``..pkg`` for ``from ..pkg``."""
    dots = "." * len(node.relative)
    if node.module is None:
        return dots
    return dots + (dotted_name(node.module) or "")


def is_type_checking(test: cst.BaseExpression) -> bool:
    """Whether an ``if`` test is ``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    name = dotted_name(test)
    return name is not None and name.split(".")[-1] == "TYPE_CHECKING"


def has_future_annotations(module: cst.Module) -> bool:
    """Whether the module starts with ``from __future__ import annotations``."""
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.ImportFrom) and import_module_name(small) == "__future__":
                if isinstance(small.names, cst.ImportStar):
                    continue
                if any(dotted_name(a.name) == "annotations" for a in small.names):
                    return True
    return False


def module_bindings(module: cst.Module) -> dict[str, list[Binding]]:
    """Every module-level name with the ways it is bound."""
    found: dict[str, list[Binding]] = {}
    for name, binding in _walk(module.body, runtime=True):
        found.setdefault(name, []).append(binding)
    return found


def scope_names(node: cst.ClassDef | cst.FunctionDef) -> frozenset[str]:
    """The names a class body or a function (its parameters too) binds at its own level."""
    names = {name for name, _ in _walk(_suite(node.body), runtime=True)}
    if isinstance(node, cst.FunctionDef):
        params = node.params
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
        names |= {p.name.value for p in every}
    return frozenset(names)


def _walk(stmts: Sequence[cst.CSTNode], runtime: bool) -> Iterator[tuple[str, Binding]]:
    for stmt in stmts:
        if isinstance(stmt, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            for small in stmt.body:
                yield from _small(small, runtime)
        elif isinstance(stmt, cst.ClassDef | cst.FunctionDef):
            yield stmt.name.value, Binding("", runtime)
        elif isinstance(stmt, cst.If):
            yield from _walk(_suite(stmt.body), runtime and not is_type_checking(stmt.test))
            if stmt.orelse is not None:
                yield from _walk([stmt.orelse], runtime)
        elif isinstance(stmt, cst.Else | cst.ExceptHandler | cst.Finally):
            yield from _walk(_suite(stmt.body), runtime)
        elif isinstance(stmt, cst.Try):
            yield from _walk(_suite(stmt.body), runtime)
            yield from _walk(stmt.handlers, runtime)
            for extra in (stmt.orelse, stmt.finalbody):
                if extra is not None:
                    yield from _walk([extra], runtime)
        elif isinstance(stmt, cst.With | cst.For | cst.While):
            yield from _walk(_suite(stmt.body), runtime)


def _suite(suite: cst.BaseSuite) -> Sequence[cst.CSTNode]:
    return suite.body


def _small(small: cst.BaseSmallStatement, runtime: bool) -> Iterator[tuple[str, Binding]]:
    if isinstance(small, cst.Import):
        for alias in small.names:
            full = dotted_name(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                yield alias.asname.name.value, Binding(full, runtime)
            else:
                head = full.split(".")[0]
                yield head, Binding(head, runtime)
    elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
        base = import_module_name(small)
        for alias in small.names:
            name = dotted_name(alias.name) or ""
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            yield (
                local,
                Binding(f"{base}.{name}" if not base.endswith(".") else base + name, runtime),
            )
    elif isinstance(small, cst.Assign):
        for target in small.targets:
            if isinstance(target.target, cst.Name):
                yield target.target.value, Binding("", runtime)
    elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        yield small.target.value, Binding("", runtime)


class DynamicAll(Exception):
    """``__all__`` is computed in a way that cannot be read without running the code."""


def exported_names(module: cst.Module) -> frozenset[str]:
    """The strings a module puts in ``__all__`` (assigned, ``+=``, ``.extend``, ``.append``).

    Raises :class:`DynamicAll` when ``__all__`` is built from anything but string
    literals in lists and tuples.
    """
    found: set[str] = set()
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            value = _all_value(small)
            if value is not None:
                found.update(_literal_strings(value))
    return frozenset(found)


def _all_value(small: cst.BaseSmallStatement) -> cst.BaseExpression | None:
    if isinstance(small, cst.Assign):
        names = [dotted_name(t.target) for t in small.targets]
        return small.value if "__all__" in names else None
    if isinstance(small, cst.AugAssign | cst.AnnAssign):
        return small.value if dotted_name(small.target) == "__all__" else None
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        called = dotted_name(small.value.func)
        if called in ("__all__.extend", "__all__.append") and len(small.value.args) == 1:
            return small.value.args[0].value
    return None


def _literal_strings(node: cst.BaseExpression) -> Iterator[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        if isinstance(value, str):
            yield value
            return
    elif isinstance(node, cst.List | cst.Tuple):
        for element in node.elements:
            yield from _literal_strings(element.value)
        return
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        yield from _literal_strings(node.left)
        yield from _literal_strings(node.right)
        return
    raise DynamicAll(cst.Module([]).code_for_node(node))


class _Uses(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}
        self._attrs: set[int] = set()

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._attrs.add(id(node.attr))

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self._attrs:
            self.counts[node.value] = self.counts.get(node.value, 0) + 1


def name_uses(module: cst.Module) -> dict[str, int]:
    """How often each name is read or bound in code outside import statements (string
    annotations not counted: a name used only there looks unused, the safe side)."""
    found = _Uses()
    module.visit(found)
    return found.counts
