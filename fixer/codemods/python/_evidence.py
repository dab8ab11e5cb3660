"""What the code shows about a generic's first type argument, from the values it takes.

The values are what a type describes: a function's ``return`` values for its return
type, a parameter's default, the value assigned to an annotated name. When every value
agrees, the first argument is precise:

- a mapping has ``str`` keys when each value is a dict display with string keys (no
  ``**`` unpacking; at least one key shown), ``dict(k=...)``, the function's own
  ``**kwargs`` (or ``dict(**kwargs)``), or what ``json.load``/``json.loads`` parse;
- a stream (``IO``) is ``str`` for ``open()`` in a text mode, ``io.StringIO`` and
  ``sys.stdin``/``stdout``/``stderr``; ``bytes`` for a binary mode (``"rb"``, ``"wb"``),
  ``io.BytesIO``, ``tempfile.TemporaryFile()`` and the like without a text mode;
- a pattern or match is ``str`` (``bytes``) when ``re.compile``/``re.match``/... get a
  str (bytes) literal;
- a path (``os.PathLike``) is ``str`` for ``pathlib.Path(...)`` and its relatives;
- a ``_SubParsersAction`` (``parser.add_subparsers()``) gets ``argparse.ArgumentParser``
  (chosen by the rewriter, which knows how the module spells ``argparse``).

Anything else gives no answer, and the argument stays ``Any``. mypy proves each
answer; when it does not hold, the all-``Any`` form is the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import libcst as cst

from fixer.codemods.python._generics import Evidence
from fixer.codemods.python._names import dotted_name

Resolve = Callable[[str], "str | None"]  # a name as written -> its qualified name

_TEXT_STREAMS = {"io.StringIO", "sys.stdin", "sys.stdout", "sys.stderr"}
_BINARY_STREAMS = {"io.BytesIO", "sys.stdin.buffer", "sys.stdout.buffer", "sys.stderr.buffer"}
_OPENERS = {"builtins.open": "r", "io.open": "r"}
_TEMPFILES = {"tempfile.TemporaryFile", "tempfile.NamedTemporaryFile"}
_PATHS = {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath"}
_PATTERN_MAKERS = {"re.compile"}
_MATCH_MAKERS = {"re.match", "re.fullmatch", "re.search"}


def first_argument(
    evidence: Evidence, values: Sequence[cst.BaseExpression], resolve: Resolve, kwargs: str | None
) -> str | None:
    """``"str"`` or ``"bytes"`` when every value shows it, else None."""
    if not values:
        return None
    if evidence == "mapping":
        keyed = [_keys(v, resolve, kwargs) for v in values]
        return "str" if None not in keyed and any(keyed) else None
    answer = _ANSWERS.get(evidence)
    if answer is None:
        return None
    answers = {answer(v, resolve) for v in values}
    return answers.pop() if len(answers) == 1 else None


def _keys(value: cst.BaseExpression, resolve: Resolve, kwargs: str | None) -> bool | None:
    """True: str keys shown; False: no key shown (``{}``, ``dict()``); None: not str keys."""
    if isinstance(value, cst.Dict):
        if not all(_str_key(e) for e in value.elements):
            return None
        return bool(value.elements)
    if isinstance(value, cst.Name) and kwargs is not None and value.value == kwargs:
        return True
    if not isinstance(value, cst.Call):
        return None
    called = resolve(dotted_name(value.func) or "")
    if called in ("json.load", "json.loads"):
        return True
    if called == "builtins.dict" and all(_keyword(a, kwargs) for a in value.args):
        return bool(value.args)
    return None


def _keyword(arg: cst.Arg, kwargs: str | None) -> bool:
    if arg.star == "**":
        return kwargs is not None and isinstance(arg.value, cst.Name) and arg.value.value == kwargs
    return arg.keyword is not None and not arg.star


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


def _literal_kind(node: cst.BaseExpression | None) -> str | None:
    """``str`` or ``bytes`` for a string literal (f-strings and implicit concatenation too)."""
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString):
        if isinstance(node, cst.FormattedString):
            return "str"
        return "bytes" if _bytes(node) else "str"
    return None


def _argument(call: cst.Call, index: int, keyword: str) -> cst.BaseExpression | None:
    for position, arg in enumerate(call.args):
        if arg.star:
            return None
        if (arg.keyword is None and position == index) or (
            arg.keyword is not None and arg.keyword.value == keyword
        ):
            return arg.value
    return None


def _stream(value: cst.BaseExpression, resolve: Resolve) -> str | None:
    if not isinstance(value, cst.Call):
        name = resolve(dotted_name(value) or "")
        return "str" if name in _TEXT_STREAMS else "bytes" if name in _BINARY_STREAMS else None
    called = resolve(dotted_name(value.func) or "")
    if called in ("io.StringIO", "io.BytesIO"):
        return "str" if called == "io.StringIO" else "bytes"
    if (called in _OPENERS or called in _TEMPFILES) and not any(a.star for a in value.args):
        opener = called in _OPENERS
        mode = _argument(value, 1 if opener else 0, "mode")
        if mode is None:
            return "str" if opener else "bytes"  # open(): "r"; the tempfile ones: "w+b"
        if isinstance(mode, cst.SimpleString) and isinstance(mode.evaluated_value, str):
            return "bytes" if "b" in mode.evaluated_value else "str"
    return None


def _pattern(value: cst.BaseExpression, resolve: Resolve, makers: set[str]) -> str | None:
    if not isinstance(value, cst.Call):
        return None
    if resolve(dotted_name(value.func) or "") not in makers:
        return None
    return _literal_kind(_argument(value, 0, "pattern"))


def _path(value: cst.BaseExpression, resolve: Resolve) -> str | None:
    if isinstance(value, cst.Call) and resolve(dotted_name(value.func) or "") in _PATHS:
        return "str"
    return None


_ANSWERS: dict[Evidence, Callable[[cst.BaseExpression, Resolve], str | None]] = {
    "stream": _stream,
    "pattern": lambda v, r: _pattern(v, r, _PATTERN_MAKERS),
    "match": lambda v, r: _pattern(v, r, _MATCH_MAKERS),
    "path": _path,
}
