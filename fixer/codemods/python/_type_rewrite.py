"""Rewrite one type expression: bare generics of the reported lines get their arguments.

Within a type expression only type positions are visited: the arguments of subscripts,
the sides of ``X | Y``, the parameter list of ``Callable[[...], R]``, the contents of a
string annotation, the type of ``Annotated[T, ...]`` (never its metadata), never
``Literal[...]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import CodeRange

from fixer.codemods.base import Skip
from fixer.codemods.python._generics import Generic, alias_of, lookup
from fixer.codemods.python._imports import TypingImports
from fixer.codemods.python._names import Binding, dotted_name
from fixer.codemods.python._returns import returns_str_keyed_dicts


@dataclass(frozen=True, slots=True)
class Where:
    """The context of a node being rewritten."""

    runtime: bool  # evaluated when the code runs (not in a string, not under postponed eval)
    line: int | None = None  # inside a string annotation: the string's line
    returns_of: cst.FunctionDef | None = None  # the function whose return type this is


@dataclass(frozen=True, slots=True)
class Settings:
    targets: Mapping[int, frozenset[str]]  # line -> generic names as mypy printed them
    old_python: bool  # the code must run on Python < 3.9
    any_keys: bool  # never infer ``str`` keys


class TypeRewriter:
    """Rewrites type expressions; remembers what it fixed and what it saw."""

    def __init__(
        self,
        settings: Settings,
        positions: Mapping[cst.CSTNode, CodeRange],
        bindings: Mapping[str, Sequence[Binding]],
        imports: TypingImports,
    ) -> None:
        self.settings, self.positions, self.bindings = settings, positions, bindings
        self.imports = imports
        self.fixed: set[tuple[int, str]] = set()  # (line, generic) rewritten
        self.present: set[tuple[int, str]] = set()  # (line, generic) already parameterized
        self.bare: set[str] = set()  # last part of every bare name met in a type position

    def rewrite(self, node: cst.BaseExpression, where: Where) -> cst.BaseExpression:
        """The type expression ``node`` (an original node) with its bare generics fixed."""
        return self._type(node, where)

    def qualified(self, written: str) -> str | None:
        """``typing.Dict`` for ``t.Dict`` after ``import typing as t``; None when unknown."""
        head, _, rest = written.partition(".")
        found = {b.qualified for b in self.bindings.get(head, ())}
        if found:
            if len(found) != 1 or "" in found:
                return None
            return ".".join(filter(None, (found.pop(), rest)))
        return f"builtins.{head}" if not rest else None

    def _type(self, node: cst.BaseExpression, where: Where) -> cst.BaseExpression:
        if isinstance(node, cst.Name | cst.Attribute):
            return self._bare(node, where)
        if isinstance(node, cst.SimpleString):
            return self._string(node, where)
        where = replace(where, returns_of=None)
        if isinstance(node, cst.Subscript):
            return self._subscript(node, where)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            return node.with_changes(
                left=self._type(node.left, where), right=self._type(node.right, where)
            )
        if isinstance(node, cst.List):
            return node.with_changes(
                elements=[e.with_changes(value=self._type(e.value, where)) for e in node.elements]
            )
        return node

    def _subscript(self, node: cst.Subscript, where: Where) -> cst.BaseExpression:
        head = (dotted_name(node.value) or "").split(".")[-1]
        line = self._line(node, where)
        for generic in self.settings.targets.get(line, ()):
            if head in (generic.split(".")[-1], alias_of(generic)):
                self.present.add((line, generic))
        if head == "Literal":
            return node
        elements = []
        for index, element in enumerate(node.slice):
            if isinstance(element.slice, cst.Index) and not (head == "Annotated" and index):
                value = self._type(element.slice.value, where)
                element = element.with_changes(slice=element.slice.with_changes(value=value))
            elements.append(element)
        return node.with_changes(slice=elements)

    def _string(self, node: cst.SimpleString, where: Where) -> cst.BaseExpression:
        line = self._line(node, where)
        raw = node.raw_value
        if line not in self.settings.targets or node.prefix or len(node.quote) != 1 or "\\" in raw:
            return node
        try:
            inner = cst.parse_expression(raw)
        except cst.ParserSyntaxError:
            return node
        new = self._type(inner, replace(where, runtime=False, line=line))
        if new is inner:
            return node
        return node.with_changes(value=node.quote + cst.Module([]).code_for_node(new) + node.quote)

    def _line(self, node: cst.CSTNode, where: Where) -> int:
        return where.line if where.line is not None else self.positions[node].start.line

    def _bare(self, node: cst.Name | cst.Attribute, where: Where) -> cst.BaseExpression:
        written = dotted_name(node)
        if written is not None:
            self.bare.add(written.split(".")[-1])
        line = self._line(node, where)
        generics = self.settings.targets.get(line, frozenset())
        if written is None or not any(_same(written, g) for g in generics):
            return node
        resolved = self._resolve(written)
        if resolved is None and written not in generics:
            return node  # only the last part matches: another module's name, not the one reported
        if resolved is None:
            raise Skip(
                f"line {line}: `{written}` is not a generic type whose arguments fixer knows"
            )
        qualified, generic = resolved
        value: cst.BaseExpression = node.with_changes(lpar=[], rpar=[])
        if self.settings.old_python and where.runtime:
            if generic.alias is not None:
                value = self.imports.ref(generic.alias, runtime=True)
            elif not generic.runtime_before_39(qualified):
                raise Skip(f"line {line}: `{written}[...]` fails at run time on Python < 3.9")
        self.fixed.update((line, g) for g in generics if _same(written, g))
        args = self._arguments(generic, where)
        return cst.Subscript(value=value, slice=args, lpar=node.lpar, rpar=node.rpar)

    def _resolve(self, written: str) -> tuple[str, Generic] | None:
        qualified = self.qualified(written)
        return None if qualified is None else lookup(qualified)

    def _arguments(self, generic: Generic, where: Where) -> list[cst.SubscriptElement]:
        def any_() -> cst.BaseExpression:
            return self.imports.ref("Any", runtime=where.runtime)

        args: list[cst.BaseExpression]
        if generic.shape == "tuple":
            args = [any_(), cst.Ellipsis()]
        elif generic.shape == "callable":
            args = [cst.Ellipsis(), any_()]
        else:
            args = [any_() for _ in range(_COUNTS[generic.shape])]
        function = where.returns_of
        if (
            generic.mapping
            and function is not None
            and not self.settings.any_keys
            and returns_str_keyed_dicts(function, dict_is_builtin="dict" not in self.bindings)
        ):
            args[0] = cst.Name("str")
        return [cst.SubscriptElement(slice=cst.Index(value=arg)) for arg in args]


_COUNTS = {"one": 1, "two": 2, "three": 3}


def _same(written: str, generic: str) -> bool:
    """Whether a name as written is the generic mypy quoted (``t.List`` for ``List`` too)."""
    return written == generic or written.split(".")[-1] == generic.split(".")[-1]
