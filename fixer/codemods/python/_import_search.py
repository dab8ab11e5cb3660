"""Find the import a finding names, and refuse the ones that must stay."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange

from fixer.codemods.base import Skip
from fixer.codemods.python._names import (
    DynamicAll,
    dotted_name,
    exported_names,
    import_module_name,
    is_type_checking,
)

NOQA = re.compile(r"#\s*noqa\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Located:
    """One name of one import statement."""

    statement: cst.Import | cst.ImportFrom
    index: int  # of the name in the statement
    alias: cst.ImportAlias

    @property
    def bound(self) -> str:
        """The name the import binds in the module."""
        if self.alias.asname is not None and isinstance(self.alias.asname.name, cst.Name):
            return self.alias.asname.name.value
        name = dotted_name(self.alias.name) or ""
        return name.split(".")[0] if isinstance(self.statement, cst.Import) else name


class _Imports(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[cst.Import | cst.ImportFrom] = []

    def visit_Import(self, node: cst.Import) -> None:
        self.found.append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.found.append(node)


def all_imports(module: cst.Module) -> list[cst.Import | cst.ImportFrom]:
    """Every import statement of the module, nested ones too, in order."""
    imports = _Imports()
    module.visit(imports)
    return imports.found


def printed_names(statement: cst.Import | cst.ImportFrom, alias: cst.ImportAlias) -> set[str]:
    """How ruff (``typing.Any``) and flake8 (``typing.Any as A``) print an imported name."""
    name = dotted_name(alias.name) or ""
    if isinstance(statement, cst.ImportFrom):
        base = import_module_name(statement)
        name = base + name if base.endswith(".") else f"{base}.{name}"
    forms = {name}
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        forms.add(f"{name} as {alias.asname.name.value}")
    return forms


def locate(
    module: cst.Module,
    positions: Mapping[cst.CSTNode, CodeRange],
    line: int,
    column: int | None,
    name: str,
) -> Located | None:
    """The name imported at ``line``.

    None when that line imports no such name: the finding is stale (removing a line
    moves the ones below it, so a second pass over the output finds the name gone).
    """
    here = []
    for stmt in all_imports(module):
        span = positions[stmt]
        if isinstance(stmt.names, cst.ImportStar) or not span.start.line <= line <= span.end.line:
            continue
        for index, alias in enumerate(stmt.names):
            if name in printed_names(stmt, alias):
                here.append(Located(stmt, index, alias))
    if len(here) > 1 and column is not None:
        here = [found for found in here if column - 1 in _columns(found, positions)] or here
    if len(here) > 1:
        raise Skip(f"line {line} imports `{name}` more than once")
    return here[0] if here else None


def _columns(found: Located, positions: Mapping[cst.CSTNode, CodeRange]) -> set[int]:
    """Where ruff (the bound name) and flake8 (the statement) put their column."""
    alias = found.alias
    named = alias.asname.name if alias.asname is not None else alias.name
    return {positions[named].start.column, positions[found.statement].start.column}


def refuse(
    module: cst.Module,
    found: Located,
    parents: Mapping[cst.CSTNode, cst.CSTNode],
    lines: Sequence[str],
    positions: Mapping[cst.CSTNode, CodeRange],
) -> None:
    """Raise :class:`Skip` when the import must stay."""
    stmt, alias = found.statement, found.alias
    if isinstance(stmt, cst.ImportFrom) and import_module_name(stmt) == "__future__":
        raise Skip("a `from __future__` import changes how the module compiles")
    asname = alias.asname.name if alias.asname is not None else None
    if isinstance(asname, cst.Name) and asname.value == dotted_name(alias.name):
        raise Skip(f"`{found.bound}` is re-exported on purpose (`import x as x`)")
    span = positions[stmt]
    if any(NOQA.search(text) for text in lines[span.start.line - 1 : span.end.line]):
        raise Skip("the import carries a `# noqa` comment")
    try:
        exported = exported_names(module)
    except DynamicAll as error:
        raise Skip(f"`__all__` is computed ({error}); cannot tell what it exports") from None
    if found.bound in exported:
        raise Skip(f"`{found.bound}` is listed in `__all__`")
    around = _enclosing(stmt, parents)
    if any(isinstance(node, cst.Try | cst.TryStar) for node in around):
        raise Skip(
            "an import in a `try:` statement is an availability test or a fallback"
            " (importlib.util.find_spec tests availability)"
        )
    branches = [n for n in around if isinstance(n, cst.If) and not is_type_checking(n.test)]
    if branches and _rebinds(branches[-1], found):
        raise Skip(f"another branch of the `if` imports `{found.bound}` too (alternatives)")


def _enclosing(node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> list[cst.CSTNode]:
    """The statement's ancestors in its own scope, innermost first."""
    found = []
    while node in parents and not isinstance(node, cst.FunctionDef | cst.ClassDef):
        node = parents[node]
        found.append(node)
    return found


def _rebinds(branches: cst.If, found: Located) -> bool:
    """Whether another import in the ``if``/``elif``/``else`` chain binds the same name."""
    imports = _Imports()
    branches.visit(imports)
    return any(
        Located(stmt, index, alias).bound == found.bound
        for stmt in imports.found
        if stmt is not found.statement and not isinstance(stmt.names, cst.ImportStar)
        for index, alias in enumerate(stmt.names)
    )
