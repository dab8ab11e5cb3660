"""A small evaluator of GitHub Actions expressions, for the tests of the workflows' ``if:``
conditions: literals, context paths (``github.event.issue.number``), ``!``, ``==``,
``!=``, ``&&``, ``||`` (which return an operand, as GitHub's do), parentheses, and the
functions ``startsWith``, ``endsWith``, ``contains``, ``format``, plus the status
functions (``always``, ``cancelled``, ``success``, ``failure``) given as values.

Hand-written: no maintained Python library evaluates GitHub's expression language, and
the tests need only this subset, exactly as GitHub documents it (comparisons of strings
ignore case; a missing property is null; null, false, 0 and '' are falsy).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>&&|\|\||==|!=|!|\(|\)|,|\.)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))"
)


def tokens(text: str) -> list[tuple[str, str]]:
    out, at = [], 0
    text = text.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    while at < len(text.rstrip()):
        match = TOKEN.match(text, at)
        if not match or match.end() == at:
            raise ValueError(f"cannot read {text[at:]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        at = match.end()
    return out


def truthy(value: Any) -> bool:
    return value not in (None, False, 0, "") and value == value


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return bool(a == b)


def _format(template: str, *args: Any) -> str:
    return re.sub(r"\{(\d+)\}", lambda m: str(args[int(m.group(1))]), template)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "startsWith": lambda s, p: str(s or "").lower().startswith(str(p).lower()),
    "endsWith": lambda s, p: str(s or "").lower().endswith(str(p).lower()),
    "contains": lambda s, p: (
        any(_eq(x, p) for x in s) if isinstance(s, list) else str(p).lower() in str(s or "").lower()
    ),
    "format": _format,
}


class _Parser:
    def __init__(self, text: str, context: Mapping[str, Any]) -> None:
        self.toks = tokens(text)
        self.at = 0
        self.context = context

    def peek(self) -> str | None:
        return self.toks[self.at][1] if self.at < len(self.toks) else None

    def take(self, want: str | None = None) -> tuple[str, str]:
        tok = self.toks[self.at]
        if want is not None and tok[1] != want:
            raise ValueError(f"expected {want!r}, found {tok[1]!r}")
        self.at += 1
        return tok

    def parse(self) -> Any:
        value = self.or_()
        if self.at != len(self.toks):
            raise ValueError(f"unexpected {self.peek()!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == "||":
            self.take()
            right = self.and_()
            value = value if truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.cmp()
        while self.peek() == "&&":
            self.take()
            right = self.cmp()
            value = right if truthy(value) else value
        return value

    def cmp(self) -> Any:
        value = self.unary()
        while self.peek() in ("==", "!="):
            op = self.take()[1]
            right = self.unary()
            value = _eq(value, right) if op == "==" else not _eq(value, right)
        return value

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            return not truthy(self.unary())
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if text == "(":
            value = self.or_()
            self.take(")")
            return value
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind != "name":
            raise ValueError(f"unexpected {text!r}")
        if text in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[text]
        if self.peek() == "(":
            self.take("(")
            args = []
            while self.peek() != ")":
                args.append(self.or_())
                if self.peek() == ",":
                    self.take(",")
            self.take(")")
            function = FUNCTIONS.get(text) or self.context.get(f"{text}()")
            if function is None:
                raise ValueError(f"unknown function {text}")
            return function(*args) if callable(function) else function
        value: Any = self.context.get(text)
        while self.peek() == ".":
            self.take(".")
            name = self.take()[1]
            value = value.get(name) if isinstance(value, Mapping) else None
        return value


def evaluate(expression: str, context: Mapping[str, Any]) -> Any:
    """The value of ``expression`` (with or without ``${{ }}``) in ``context`` (``github``,
    ``inputs``, ``steps``, ``needs``, ...; ``"cancelled()": False`` gives a status)."""
    return _Parser(expression, context).parse()


def interpolate(text: str, context: Mapping[str, Any]) -> str:
    """A value with ``${{ ... }}`` inside (a concurrency group), as the runner fills it in:
    each expression's value as a string, null as ''."""

    def fill(match: re.Match[str]) -> str:
        value = evaluate(match.group(1), context)
        return "" if value is None else str(value)

    return re.sub(r"\$\{\{(.*?)\}\}", fill, text)
