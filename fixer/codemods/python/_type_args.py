"""Where a module holds type expressions, and whether each one is evaluated at run time.

Annotations (evaluated unless ``from __future__ import annotations`` or a stub), class
bases, the type of ``cast(T, x)``, the bound and constraints of ``TypeVar``, the
second argument of ``NewType`` and type aliases (``X: TypeAlias = ...``, or a
module-level ``X = Callable[...]``): these are evaluated whenever the code runs. The
Python 3.12 forms (``type X = ...``, ``def f[T: dict]()``) are evaluated lazily.
"""

from __future__ import annotations

import libcst as cst

from fixer.codemods.python._names import dotted_name
from fixer.codemods.python._type_rewrite import TypeRewriter, Where

_SPECIAL = ("typing.", "typing_extensions.", "collections.abc.", "builtins.")


class TypeArgTransformer(cst.CSTTransformer):
    def __init__(self, rewriter: TypeRewriter, postponed: bool) -> None:
        super().__init__()
        self.rewriter, self.postponed = rewriter, postponed
        self._scopes: list[cst.FunctionDef | cst.ClassDef] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._scopes.append(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._scopes.append(node)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._scopes.pop()
        return updated_node

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self._scopes.pop()
        bases = [
            self._arg(arg) if arg.keyword is None and not arg.star else arg
            for arg in original_node.bases
        ]
        return updated_node.with_changes(bases=bases)

    def leave_Annotation(
        self, original_node: cst.Annotation, updated_node: cst.Annotation
    ) -> cst.Annotation:
        where = Where(runtime=not self.postponed)
        scope = self._scopes[-1] if self._scopes else None
        if isinstance(scope, cst.FunctionDef) and original_node is scope.returns:
            where = Where(runtime=where.runtime, returns_of=scope)
        value = self.rewriter.rewrite(original_node.annotation, where)
        return updated_node.with_changes(annotation=value)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        called = self._qualified(original_node.func)
        args = list(updated_node.args)
        for index, arg in enumerate(original_node.args):
            if arg.star:
                continue
            positional = arg.keyword is None
            if (
                (called == "cast" and positional and index == 0)
                or (called == "TypeVar" and (index > 0 if positional else _kw(arg) == "bound"))
                or (called == "NewType" and positional and index == 1)
            ):
                args[index] = self._arg(arg)
        return updated_node.with_changes(args=args)

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.AnnAssign:
        value = original_node.value
        if value is None or self._qualified(original_node.annotation.annotation) != "TypeAlias":
            return updated_node
        return updated_node.with_changes(value=self.rewriter.rewrite(value, Where(runtime=True)))

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        value = original_node.value
        if self._scopes or not isinstance(value, cst.Subscript):
            return updated_node
        head = self.rewriter.qualified(dotted_name(value.value) or "")
        if head is None or not head.startswith(_SPECIAL):
            return updated_node  # ``X = things[0]`` is no type alias
        return updated_node.with_changes(value=self.rewriter.rewrite(value, Where(runtime=True)))

    def leave_TypeAlias(
        self, original_node: cst.TypeAlias, updated_node: cst.TypeAlias
    ) -> cst.TypeAlias:
        value = self.rewriter.rewrite(original_node.value, Where(runtime=False))  # lazy
        return updated_node.with_changes(value=value)

    def leave_TypeVar(self, original_node: cst.TypeVar, updated_node: cst.TypeVar) -> cst.TypeVar:
        if original_node.bound is None:  # ``def f[T: dict]()``: bounds are lazy
            return updated_node
        bound = self.rewriter.rewrite(original_node.bound, Where(runtime=False))
        return updated_node.with_changes(bound=bound)

    def _arg(self, arg: cst.Arg) -> cst.Arg:
        return arg.with_changes(value=self.rewriter.rewrite(arg.value, Where(runtime=True)))

    def _qualified(self, node: cst.BaseExpression) -> str | None:
        """``cast`` for ``typing.cast`` (or typing_extensions'), else the qualified name."""
        qualified = self.rewriter.qualified(dotted_name(node) or "")
        for prefix in ("typing.", "typing_extensions."):
            if qualified is not None and qualified.startswith(prefix):
                return qualified.removeprefix(prefix)
        return qualified


def _kw(arg: cst.Arg) -> str | None:
    return arg.keyword.value if arg.keyword is not None else None
