"""Type comments as mypy reads them: which comment annotates what, and its rewrite.

Python's own parser says which comments are type comments (``ast.parse(...,
type_comments=True)``, what mypy parses a module with): an assignment's
(``x = {}  # type: dict``, on the statement's last line), a parameter's
(``a,  # type: list``) and a function's signature (``# type: (list, Dict) -> R``, on the
``def`` line or the line after it). ``for`` and ``with`` comments are left alone. mypy
reports a bare generic of an assignment's comment at the statement's first line and
column, of a parameter's at the parameter, and of a signature's at the parameter it
types, its return type at the ``def``; :class:`TypeComment` keeps those places.

The comment's text is split with :mod:`tokenize` (the signature's ``->`` at bracket
depth 0, a trailing ``# noqa`` or note) and each type in it is parsed and rewritten as a
libcst expression; every other byte of the comment stays. libcst's own tree gives the
comment's node: the one comment, in the lines where Python found it, whose text is the
type comment Python read.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import libcst as cst
from libcst.metadata import CodeRange

Place = tuple[int, int]  # (line, 1-based column) where mypy reports an error
Rewrite = Callable[[cst.BaseExpression, Place], cst.BaseExpression]
PREFIX = re.compile(r"#\s*type:\s*")


@dataclass(frozen=True, slots=True)
class TypeComment:
    kind: Literal["assignment", "parameter", "signature"]
    text: str  # what Python read after ``type:``
    lines: tuple[int, int]  # the lines the comment is on (first, last candidate)
    owner: Place  # an expression's place; a signature's return type's
    params: tuple[Place | None, ...] = ()  # a signature: each argument type's place

    @property
    def reported(self) -> set[int]:
        """The lines mypy reports this comment's errors on."""
        return {self.owner[0], *(p[0] for p in self.params if p is not None)}


def read_type_comments(text: str) -> tuple[list[TypeComment], str | None]:
    """The module's type comments, or none and why Python could not read them."""
    try:
        tree = ast.parse(text, type_comments=True)
    except (SyntaxError, ValueError) as error:
        return [], f"Python does not read the module's type comments ({error})"
    found: list[TypeComment] = []
    for parent in ast.walk(tree):
        for node in ast.iter_child_nodes(parent):
            comment = getattr(node, "type_comment", None)
            if not comment:
                continue
            if isinstance(node, ast.Assign):
                line = node.end_lineno or node.lineno
                found.append(TypeComment("assignment", comment, (line, line), _place(node)))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append(_signature(node, comment, isinstance(parent, ast.ClassDef)))
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
            found += _parameter_comments(parent.args)
    return found, None


def _place(node: ast.stmt | ast.arg, stars: int = 0) -> Place:
    return node.lineno, node.col_offset + 1 - stars


def _parameters(args: ast.arguments) -> list[tuple[ast.arg, int]]:
    """The parameters in mypy's order, each with its stars (mypy reports at the star)."""
    found = [(a, 0) for a in (*args.posonlyargs, *args.args)]
    found += [(args.vararg, 1)] if args.vararg else []
    found += [(a, 0) for a in args.kwonlyargs]
    return found + ([(args.kwarg, 2)] if args.kwarg else [])


def _parameter_comments(args: ast.arguments) -> list[TypeComment]:
    found = []
    for arg, stars in _parameters(args):
        if arg.type_comment:
            line = arg.end_lineno or arg.lineno
            found.append(
                TypeComment("parameter", arg.type_comment, (line, line), _place(arg, stars))
            )
    return found


def _signature(
    node: ast.FunctionDef | ast.AsyncFunctionDef, comment: str, method: bool
) -> TypeComment:
    """A signature comment; its argument types are matched to the parameters as mypy
    does (a method's may leave ``self`` out); ``(...)`` types none."""
    params = [_place(arg, stars) for arg, stars in _parameters(node.args)]
    try:
        types = ast.parse(comment, mode="func_type").argtypes
    except (SyntaxError, ValueError):
        types = []
    if len(types) == 1 and isinstance(types[0], ast.Constant) and types[0].value is ...:
        types = []
    if method and len(types) == len(params) - 1:
        params = params[1:]
    places: tuple[Place | None, ...] = (
        tuple(params) if len(params) == len(types) else (None,) * len(types)
    )
    last = node.body[0].lineno if node.body else node.lineno
    return TypeComment("signature", comment, (node.lineno, last), _place(node), places)


def comment_nodes(
    comments: Iterable[TypeComment], positions: Mapping[cst.CSTNode, CodeRange]
) -> dict[cst.Comment, TypeComment]:
    """libcst's comment node for each type comment: the only comment in its lines whose
    text is the one Python read (none when there are several)."""
    by_line: dict[int, list[cst.Comment]] = {}
    for node, where in positions.items():
        if isinstance(node, cst.Comment):
            by_line.setdefault(where.start.line, []).append(node)
    found: dict[cst.Comment, TypeComment] = {}
    for comment in comments:
        first, last = comment.lines
        nodes = [
            node
            for line in range(first, last + 1)
            for node in by_line.get(line, ())
            if _text(node.value) == comment.text.strip()
        ]
        if len(nodes) == 1:
            found[nodes[0]] = comment
    return found


def _text(value: str) -> str | None:
    prefix = PREFIX.match(value)
    return value[prefix.end() :].strip() if prefix else None


def rewrite_comment(value: str, comment: TypeComment, rewrite: Rewrite) -> str:
    """``value`` (``# type: ...``) with each type in it rewritten at its place."""
    prefix = PREFIX.match(value)
    if prefix is None:
        return value
    body = value[prefix.end() :]
    split = _split(body)
    if split is None:
        return value
    end, arrow = split
    if comment.kind != "signature":
        return value[: prefix.end()] + _expression(body[:end], comment.owner, rewrite) + body[end:]
    if arrow is None:
        return value
    returns = _expression(body[arrow + 2 : end], comment.owner, rewrite)
    arguments = _arguments(body[:arrow], comment.params, rewrite)
    return value[: prefix.end()] + arguments + "->" + returns + body[end:]


def _split(body: str) -> tuple[int, int | None] | None:
    """Where the type ends (before a trailing comment and spaces) and where the ``->``
    of a signature is; None when the text does not tokenize."""
    end, arrow, depth = len(body), None, 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(body).readline):
            if token.type == tokenize.COMMENT:
                end = token.start[1]
                break
            if token.type != tokenize.OP:
                continue
            if token.string in "([{":
                depth += 1
            elif token.string in ")]}":
                depth -= 1
            elif token.string == "->" and depth == 0:
                arrow = token.start[1]
    except (tokenize.TokenError, SyntaxError):
        return None
    return len(body[:end].rstrip()), arrow


def _expression(text: str, place: Place | None, rewrite: Rewrite) -> str:
    """``text`` (spaces around it kept) with its type rewritten; as is when unparsable."""
    core = text.strip()
    if place is None or not core:
        return text
    try:
        node = cst.parse_expression(core)
    except cst.ParserSyntaxError:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead + cst.Module([]).code_for_node(rewrite(node, place)) + trail


def _arguments(text: str, places: tuple[Place | None, ...], rewrite: Rewrite) -> str:
    """``(A, *B, **C)`` with each type rewritten at its parameter's place."""
    core = text.strip()
    try:
        call = cst.parse_expression("_" + core)
    except cst.ParserSyntaxError:
        return text
    if not isinstance(call, cst.Call) or len(call.args) != len(places):
        return text  # ``(...)``, or types mypy does not match to parameters
    args = [
        arg if place is None else arg.with_changes(value=rewrite(arg.value, place))
        for arg, place in zip(call.args, places, strict=True)
    ]
    new = cst.Module([]).code_for_node(call.with_changes(args=args))[1:]
    return text[: len(text) - len(text.lstrip())] + new + text[len(text.rstrip()) :]
