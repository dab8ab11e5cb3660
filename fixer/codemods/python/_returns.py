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


def returns_str_keyed_dicts(function: cst.FunctionDef, dict_is_builtin: bool) -> bool:
    """Whether every ``return`` gives a dict whose keys are string literals.

    A return counts when it is a display ``{"id": ..., "name": ...}`` (no ``**``
    unpacking) or, when ``dict`` is the builtin, a call ``dict(id=..., name=...)``
    with keyword arguments only. At least one return must show a key.
    """
    found = _Returns()
    function.body.visit(found)
    if found.yields or not found.values:
        return False
    keyed = False
    for value in found.values:
        if isinstance(value, cst.Dict):
            if not all(_str_key(e) for e in value.elements):
                return False
            keyed = keyed or bool(value.elements)
        elif dict_is_builtin and _keyword_dict_call(value):
            assert isinstance(value, cst.Call)
            keyed = keyed or bool(value.args)
        else:
            return False
    return keyed


def _str_key(element: cst.BaseDictElement) -> bool:
    if not isinstance(element, cst.DictElement):
        return False  # ``**other``: its keys are unknown
    key = element.key
    if isinstance(key, cst.SimpleString):
        return "b" not in key.prefix.lower()
    return isinstance(key, cst.FormattedString | cst.ConcatenatedString) and not _bytes(key)


def _bytes(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.ConcatenatedString):
        return _bytes(node.left) or _bytes(node.right)
    return isinstance(node, cst.SimpleString) and "b" in node.prefix.lower()


def _keyword_dict_call(value: cst.BaseExpression | None) -> bool:
    return (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Name)
        and value.func.value == "dict"
        and all(arg.keyword is not None and not arg.star for arg in value.args)
    )
