"""What a function returns, as far as its ``return`` statements show."""

from __future__ import annotations

import libcst as cst


class _Returns(cst.CSTVisitor):
    """The values of a function body's own ``return`` statements (not nested functions')."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[cst.BaseExpression | None] = []
        self.yields = False

    def visit_Return(self, node: cst.Return) -> None:
        self.values.append(node.value)

    def visit_Yield(self, node: cst.Yield) -> None:
        self.yields = True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def return_values(function: cst.FunctionDef) -> tuple[cst.BaseExpression, ...]:
    """Every value the function's own ``return`` statements give; empty when one of them
    gives none (a bare ``return``), when there is none, or when the function yields
    (its annotation is then a generator's, not the values')."""
    found = _Returns()
    function.body.visit(found)
    if found.yields or not found.values or any(v is None for v in found.values):
        return ()
    return tuple(v for v in found.values if v is not None)


def kwargs_name(function: cst.FunctionDef) -> str | None:
    """``kw`` for ``def f(**kw)``: a dict whose keys are the keyword names, so str."""
    star = function.params.star_kwarg
    return star.name.value if star is not None else None
