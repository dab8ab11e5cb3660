"""Rewrite one type expression: bare generics of the reported lines get their arguments.

Within a type expression only type positions are visited: the arguments of subscripts,
the sides of ``X | Y``, the parameter list of ``Callable[[...], R]``, the contents of a
string annotation, the type of ``Annotated[T, ...]`` (never its metadata), never
``Literal[...]``.

A bare name is the reported one when it stands at the finding's column (mypy's text
output counts from 1; inside a string annotation it points at the string), its printed
name serving as a cross-check, or, on the finding's line, when the last dotted part of
what is written (or of what it names) is the printed one: mypy prints
``_SubParsersAction`` for ``argparse._SubParsersAction``, ``Pattern`` for ``re.Pattern``.

Where the expression is evaluated when the code runs and ``X[...]`` fails there on the
project's oldest Python, typing's name for the generic is written (``Dict``,
``Callable``, ``Pattern``); a generic typing has no name for (``os.PathLike``) becomes a
string where a string is allowed, and is refused elsewhere (a class base).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import CodeRange

from fixer.codemods.base import Skip
from fixer.codemods.python._evidence import first_argument
from fixer.codemods.python._generics import Generic, Minor, alias_of, lookup
from fixer.codemods.python._imports import TypingImports
from fixer.codemods.python._names import Binding, dotted_name


@dataclass(frozen=True, slots=True)
class Where:
    """The context of a node being rewritten."""

    runtime: bool  # evaluated when the code runs (not in a string, not under postponed eval)
    quotable: bool = True  # a string may stand there (an annotation, ``cast``), not a base
    line: int | None = None  # inside a string annotation: the string's line
    column: int | None = None  # ... and its column (1-based)
    values: tuple[cst.BaseExpression, ...] = ()  # what the annotated thing takes
    kwargs: str | None = None  # the function's ``**kwargs`` name, for its return values
    hidden: frozenset[str] = frozenset()  # names the classes/functions around it bind
    comment: bool = False  # in a type comment: mypy reads it, it never runs

    @property
    def bound(self) -> bool:
        """Whether a name used here must be bound when the code runs."""
        return self.runtime and not self.comment


@dataclass(frozen=True, slots=True)
class Settings:
    targets: Mapping[int, frozenset[str]]  # line -> generic names as mypy printed them
    columns: Mapping[tuple[int, int], str]  # (line, 1-based column) -> printed name
    floor: Minor  # the oldest Python the code runs on
    precise: bool  # infer arguments the code shows (str keys, text streams); else all Any


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
        self.uses: dict[str, int] = {}  # module name -> uses left (see :func:`name_uses`)
        self.replaced: set[str] = set()  # names whose use a typing name replaced

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
        where = replace(where, values=())
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
        column = self._column(node, where)
        new = self._type(inner, replace(where, runtime=False, line=line, column=column))
        if new is inner:
            return node
        return node.with_changes(value=node.quote + cst.Module([]).code_for_node(new) + node.quote)

    def _line(self, node: cst.CSTNode, where: Where) -> int:
        return where.line if where.line is not None else self.positions[node].start.line

    def _column(self, node: cst.CSTNode, where: Where) -> int:
        return where.column if where.column is not None else self.positions[node].start.column + 1

    def _reported(self, written: str, line: int) -> list[str]:
        """The names mypy printed on ``line`` that may be the bare generic ``written``: mypy
        reports a message once a line, so every use of the name there is one of them."""
        tails = {written.split(".")[-1], (self.qualified(written) or "").split(".")[-1]}
        return [p for p in self.settings.targets.get(line, ()) if p.split(".")[-1] in tails]

    def _bare(self, node: cst.Name | cst.Attribute, where: Where) -> cst.BaseExpression:
        written = dotted_name(node)
        if written is None:
            return node
        self.bare.add(written.split(".")[-1])
        line, column = self._line(node, where), self._column(node, where)
        printed = self._reported(written, line)
        if not printed:
            return node
        at = self.settings.columns.get((line, column)) in printed
        hidden = written.split(".")[0] in where.hidden  # the class's own name
        resolved = None if hidden else self._resolve(written)
        if resolved is None and not at and written not in printed:
            return node  # only the last part matches: another module's name, not the one reported
        if resolved is None:
            raise Skip(
                f'line {line}: "{printed[0]}" (`{written}`) is not a generic type whose'
                " arguments fixer knows"
            )
        try:
            new = self._parameterized(node, written, resolved, where)
        except Skip as skip:
            raise Skip(f'line {line}, "{printed[0]}": {skip.reason}') from None
        self.fixed.update((line, name) for name in printed)
        return new

    def _parameterized(
        self,
        node: cst.Name | cst.Attribute,
        written: str,
        resolved: tuple[str, Generic],
        where: Where,
    ) -> cst.BaseExpression:
        generic = resolved[1]
        value: cst.BaseExpression = node.with_changes(lpar=[], rpar=[])
        quote = False
        if _too_new(resolved, where, self.settings.floor):
            head = written.split(".")[0]
            alias = None
            if not (where.quotable and self._last_use(head)):
                alias = self._typing_alias(generic, where)  # else a string keeps it used
            if alias is not None:
                value = alias
                self.uses[head] = self.uses.get(head, 1) - 1
                self.replaced.add(head)
            elif where.quotable:
                quote = True
            else:
                floor = ".".join(map(str, self.settings.floor))
                why = (
                    "typing has no name for it"
                    if generic.alias is None
                    else f"typing's `{generic.alias}` means something else here"
                )
                fails = "mypy rejects it in a type comment" if where.comment else "it fails"
                raise Skip(f"`{written}[...]`: {fails} on Python {floor} here, and {why}")
        if quote:
            where = replace(where, runtime=False)
        args = self._arguments(generic, written, where)
        new = cst.Subscript(value=value, slice=args)
        if quote:
            code = cst.Module([]).code_for_node(new)
            return cst.SimpleString(f'"{code}"', lpar=node.lpar, rpar=node.rpar)
        return new.with_changes(lpar=node.lpar, rpar=node.rpar)

    def _last_use(self, head: str) -> bool:
        """Whether ``head`` (an imported name) is used nowhere but here: writing typing's
        name instead would leave its import unused (a new lint error)."""
        imported = any(b.qualified for b in self.bindings.get(head, ()))
        return imported and self.uses.get(head, 0) <= 1

    def _typing_alias(self, generic: Generic, where: Where) -> cst.BaseExpression | None:
        """typing's name for ``generic`` (``typing.Dict`` where the module's ``Dict`` is its
        own); a new ``_Dict`` import only where no string may stand and the module does not
        bind the name itself (``from collections import OrderedDict``)."""
        if generic.alias is None:
            return None
        private = not where.quotable and not self.imports.clashes(generic.alias)
        try:
            return self.imports.ref(
                generic.alias,
                runtime=where.bound,
                shadowed=where.hidden,
                private=private,
                comment=where.comment,
            )
        except Skip:
            return None  # the name means something else here: a string, or a refusal

    def _resolve(self, written: str) -> tuple[str, Generic] | None:
        qualified = self.qualified(written)
        return None if qualified is None else lookup(qualified)

    def _arguments(
        self, generic: Generic, written: str, where: Where
    ) -> list[cst.SubscriptElement]:
        def any_() -> cst.BaseExpression:
            return self.imports.ref(
                "Any", runtime=where.bound, shadowed=where.hidden, comment=where.comment
            )

        precise = self._precise(generic, written, where) if self.settings.precise else None
        args: list[cst.BaseExpression]
        if generic.shape == "tuple":
            args = [any_(), cst.Ellipsis()]
        elif generic.shape == "callable":
            args = [cst.Ellipsis(), any_()]
        else:
            count = _COUNTS[generic.shape]
            args = [precise or any_()] + [any_() for _ in range(count - 1)]
        return [cst.SubscriptElement(slice=cst.Index(value=arg)) for arg in args]

    def _precise(self, generic: Generic, written: str, where: Where) -> cst.BaseExpression | None:
        """The first argument the code shows, or None (then it is ``Any``)."""
        if generic.evidence is None:
            return None
        if generic.evidence == "subparsers":
            module = written.rpartition(".")[0]
            if module and self.qualified(module) == "argparse":
                return cst.parse_expression(f"{module}.ArgumentParser")
            return None
        found = first_argument(generic.evidence, where.values, self.qualified, where.kwargs)
        if found is None or self.bindings.get(found) or found in where.hidden:
            return None  # ``str`` shadowed by the module: say nothing
        return cst.Name(found)


_COUNTS = {"one": 1, "two": 2, "three": 3}


def _too_new(resolved: tuple[str, Generic], where: Where, floor: Minor) -> bool:
    """Whether ``X[...]`` is refused where it stands on the oldest Python: at run time, or,
    in a type comment (which never runs), by mypy checking for that Python, which accepts
    only typing's names for the builtins and ``collections`` (``List``, ``DefaultDict``)."""
    qualified, generic = resolved
    if not where.runtime or generic.runs_on(floor):
        return False
    builtin = qualified.startswith(("builtins.", "collections."))
    return not where.comment or (builtin and not qualified.startswith("collections.abc."))
