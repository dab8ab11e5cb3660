"""Where a module holds type expressions, and whether each one is evaluated at run time.

Evaluated whenever the code runs: parameter and return annotations, module- and
class-level variable annotations (all of these unless ``from __future__ import
annotations`` or a stub), and, even under the future import, class bases, the type of
``cast(T, x)``, the bound and constraints of ``TypeVar``, the second argument of
``NewType``, the field types of ``NamedTuple("N", [("f", T)])`` and
``TypedDict("D", {"f": T})``, and type aliases (``X: TypeAlias = ...``, or a
module-level ``X = Callable[...]``). Never evaluated: a function's local variable
annotations, the Python 3.12 forms (``type X = ...``, ``def f[T: dict]()``), and type
comments, which mypy reads (:mod:`._type_comments`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import libcst as cst

from fixer.codemods.python._names import dotted_name, scope_names
from fixer.codemods.python._returns import kwargs_name, return_values
from fixer.codemods.python._type_comments import Place, TypeComment, rewrite_comment
from fixer.codemods.python._type_rewrite import TypeRewriter, Where

_SPECIAL = ("typing.", "typing_extensions.", "collections.abc.", "builtins.")


class TypeArgTransformer(cst.CSTTransformer):
    def __init__(
        self,
        rewriter: TypeRewriter,
        postponed: bool,
        stub: bool = False,
        comments: Mapping[cst.Comment, TypeComment] | None = None,
    ) -> None:
        super().__init__()
        self.rewriter, self.postponed, self.stub = rewriter, postponed or stub, stub
        self.comments = comments or {}
        self._scopes: list[cst.FunctionDef | cst.ClassDef] = []
        self._scope_cache: dict[int, frozenset[str]] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._scopes.append(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._scopes.append(node)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._scopes.pop()
        returns = original_node.returns
        if returns is None or updated_node.returns is None:
            return updated_node
        where = self._annotation(
            values=return_values(original_node), kwargs=kwargs_name(original_node)
        )
        value = self.rewriter.rewrite(returns.annotation, where)
        return updated_node.with_changes(
            returns=updated_node.returns.with_changes(annotation=value)
        )

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self._scopes.pop()
        bases = [
            self._arg(arg, quotable=False) if arg.keyword is None and not arg.star else arg
            for arg in original_node.bases
        ]
        return updated_node.with_changes(bases=bases)

    def leave_Param(self, original_node: cst.Param, updated_node: cst.Param) -> cst.Param:
        annotation = original_node.annotation
        if annotation is None or updated_node.annotation is None:
            return updated_node
        default = original_node.default
        where = self._annotation(values=(default,) if default is not None else (), outer=1)
        value = self.rewriter.rewrite(annotation.annotation, where)
        return updated_node.with_changes(
            annotation=updated_node.annotation.with_changes(annotation=value)
        )

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.AnnAssign:
        value = original_node.value
        local = bool(self._scopes) and isinstance(self._scopes[-1], cst.FunctionDef)
        where = self._annotation(values=(value,) if value is not None else ())
        if local:
            where = replace(where, runtime=False)  # a local's annotation never runs
        annotation = self.rewriter.rewrite(original_node.annotation.annotation, where)
        updated_node = updated_node.with_changes(
            annotation=updated_node.annotation.with_changes(annotation=annotation)
        )
        if value is None or self._qualified(original_node.annotation.annotation) != "TypeAlias":
            return updated_node
        alias = self.rewriter.rewrite(value, self._evaluated(quotable=False))
        return updated_node.with_changes(value=alias)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        called = self._qualified(original_node.func)
        args = list(updated_node.args)
        for index, arg in enumerate(original_node.args):
            if arg.star:
                continue
            positional = arg.keyword is None
            if (called == "cast" and positional and index == 0) or (
                called == "TypeVar" and (index > 0 if positional else _kw(arg) == "bound")
            ):
                args[index] = self._arg(arg, quotable=True)
            elif called == "NewType" and positional and index == 1:
                args[index] = self._arg(arg, quotable=False)
            elif called in ("NamedTuple", "TypedDict") and index > 0:
                args[index] = self._fields(arg, keyword=_kw(arg), typed_dict=called == "TypedDict")
        return updated_node.with_changes(args=args)

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        value = original_node.value
        if self._scopes or not isinstance(value, cst.Subscript):
            return updated_node
        head = self.rewriter.qualified(dotted_name(value.value) or "")
        if head is None or not head.startswith(_SPECIAL):
            return updated_node  # ``X = things[0]`` is no type alias
        alias = self.rewriter.rewrite(value, self._evaluated(quotable=False))
        return updated_node.with_changes(value=alias)

    def leave_TypeAlias(
        self, original_node: cst.TypeAlias, updated_node: cst.TypeAlias
    ) -> cst.TypeAlias:
        value = self.rewriter.rewrite(original_node.value, self._lazy())
        return updated_node.with_changes(value=value)

    def leave_TypeVar(self, original_node: cst.TypeVar, updated_node: cst.TypeVar) -> cst.TypeVar:
        if original_node.bound is None:  # ``def f[T: dict]()``: bounds are lazy
            return updated_node
        bound = self.rewriter.rewrite(original_node.bound, self._lazy())
        return updated_node.with_changes(bound=bound)

    def leave_Comment(self, original_node: cst.Comment, updated_node: cst.Comment) -> cst.Comment:
        """A type comment (:mod:`._type_comments`): read by mypy as written there (typing's
        names before Python 3.9 unless annotations are postponed), never run."""
        comment = self.comments.get(original_node)
        if comment is None or not comment.reported & self.rewriter.settings.targets.keys():
            return updated_node
        hidden = self._hidden(0 if comment.kind == "assignment" else 1)

        def rewrite(node: cst.BaseExpression, place: Place) -> cst.BaseExpression:
            where = Where(not self.postponed, False, *place, hidden=hidden, comment=True)
            return self.rewriter.rewrite(node, where)

        return updated_node.with_changes(
            value=rewrite_comment(updated_node.value, comment, rewrite)
        )

    def _annotation(
        self, values: tuple[cst.BaseExpression, ...], kwargs: str | None = None, outer: int = 0
    ) -> Where:
        """The context of an annotation: evaluated unless postponed, a string may stand;
        ``outer``: scopes to step out of (a parameter's is the function's surroundings)."""
        hidden = self._hidden(outer)
        return Where(runtime=not self.postponed, values=values, kwargs=kwargs, hidden=hidden)

    def _evaluated(self, quotable: bool) -> Where:
        """A type expression outside annotations: it runs (except in a stub)."""
        return Where(runtime=not self.stub, quotable=quotable, hidden=self._hidden(0))

    def _lazy(self) -> Where:
        """A Python 3.12 type alias or bound: never evaluated before it is used."""
        return Where(runtime=False, hidden=self._hidden(0))

    def _hidden(self, outer: int) -> frozenset[str]:
        """Module names hidden where the expression is evaluated: the names every enclosing
        function binds, and the innermost scope's when it is a class body."""
        chain = self._scopes[: len(self._scopes) - outer]
        names: set[str] = set()
        for index, scope in enumerate(chain):
            if isinstance(scope, cst.FunctionDef) or index == len(chain) - 1:
                names |= self._names_of(scope)
        return frozenset(names)

    def _names_of(self, scope: cst.FunctionDef | cst.ClassDef) -> frozenset[str]:
        found = self._scope_cache.get(id(scope))
        if found is None:
            found = self._scope_cache[id(scope)] = scope_names(scope)
        return found

    def _arg(self, arg: cst.Arg, quotable: bool) -> cst.Arg:
        return arg.with_changes(value=self.rewriter.rewrite(arg.value, self._evaluated(quotable)))

    def _fields(self, arg: cst.Arg, keyword: str | None, typed_dict: bool) -> cst.Arg:
        """The field types of ``NamedTuple("N", [("f", T)], g=U)`` / ``TypedDict("D", {...})``."""
        where = self._evaluated(quotable=True)
        value = arg.value
        if keyword is not None:
            if keyword == "total":
                return arg
            return arg.with_changes(value=self.rewriter.rewrite(value, where))
        if typed_dict and isinstance(value, cst.Dict):
            entries = [
                e.with_changes(value=self.rewriter.rewrite(e.value, where))
                if isinstance(e, cst.DictElement)
                else e
                for e in value.elements
            ]
            return arg.with_changes(value=value.with_changes(elements=entries))
        if not typed_dict and isinstance(value, cst.List | cst.Tuple):
            elements = [self._field(e, where) for e in value.elements]
            return arg.with_changes(value=value.with_changes(elements=elements))
        return arg

    def _field(self, element: cst.BaseElement, where: Where) -> cst.BaseElement:
        pair = element.value
        if not isinstance(pair, cst.Tuple) or len(pair.elements) != 2:
            return element
        name, kind = pair.elements
        kind = kind.with_changes(value=self.rewriter.rewrite(kind.value, where))
        return element.with_changes(value=pair.with_changes(elements=[name, kind]))

    def _qualified(self, node: cst.BaseExpression) -> str | None:
        """``cast`` for ``typing.cast`` (or typing_extensions'), else the qualified name."""
        qualified = self.rewriter.qualified(dotted_name(node) or "")
        for prefix in ("typing.", "typing_extensions."):
            if qualified is not None and qualified.startswith(prefix):
                return qualified.removeprefix(prefix)
        return qualified


def _kw(arg: cst.Arg) -> str | None:
    return arg.keyword.value if arg.keyword is not None else None
