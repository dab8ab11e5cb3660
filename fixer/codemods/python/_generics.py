"""The generic types whose type arguments fixer knows, by qualified name.

``shape`` says what the arguments look like once filled with ``Any``. ``since`` is the
first Python on which ``X[...]`` works when the code runs (measured on CPython 3.7 to
3.12: the builtins, ``collections``, ``collections.abc``, ``re``, ``os.PathLike`` and
the rest of PEP 585's list from 3.9, ``logging.LoggerAdapter`` from 3.11,
``argparse._SubParsersAction`` never); ``alias`` is ``typing``'s name for the same
generic, written instead where a type expression runs on an older Python
(``typing.Dict[...]`` works on all of them). ``evidence`` names what the code may show
about the arguments (str keys, text or binary streams, str patterns).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Shape = Literal["one", "two", "three", "tuple", "callable"]
Evidence = Literal["mapping", "stream", "pattern", "match", "path", "subparsers"]
Minor = tuple[int, int]
ALWAYS: Minor = (3, 0)
PEP585: Minor = (3, 9)


@dataclass(frozen=True, slots=True)
class Generic:
    shape: Shape
    alias: str | None = None  # typing's name for it, subscriptable on every Python
    evidence: Evidence | None = None
    since: Minor | None = PEP585  # None: ``X[...]`` never works at run time

    @property
    def mapping(self) -> bool:
        return self.evidence == "mapping"

    def runs_on(self, floor: Minor) -> bool:
        """Whether ``X[...]`` works at run time on every Python from ``floor`` on."""
        return self.since is not None and floor >= self.since


_BUILTINS: dict[str, Generic] = {
    "dict": Generic("two", "Dict", "mapping"),
    "list": Generic("one", "List"),
    "set": Generic("one", "Set"),
    "frozenset": Generic("one", "FrozenSet"),
    "type": Generic("one", "Type"),
    "tuple": Generic("tuple", "Tuple"),
}

_TYPING_ONLY: dict[str, Generic] = {
    "Dict": Generic("two", evidence="mapping"),
    "List": Generic("one"),
    "Set": Generic("one"),
    "FrozenSet": Generic("one"),
    "Type": Generic("one"),
    "Tuple": Generic("tuple"),
    "DefaultDict": Generic("two"),
    "Deque": Generic("one"),
    "AbstractSet": Generic("one"),
    "Pattern": Generic("one", evidence="pattern"),
    "Match": Generic("one", evidence="match"),
    "IO": Generic("one", evidence="stream"),
    "ContextManager": Generic("one"),
    "AsyncContextManager": Generic("one"),
}

_COLLECTIONS: dict[str, Generic] = {
    "deque": Generic("one", "Deque"),
    "defaultdict": Generic("two", "DefaultDict"),
    "OrderedDict": Generic("two", "OrderedDict"),
    "Counter": Generic("one", "Counter"),
    "ChainMap": Generic("two", "ChainMap"),
}

_ABC_SHAPES: tuple[tuple[str, Shape], ...] = (
    ("Callable", "callable"), ("Iterable", "one"), ("Iterator", "one"),
    ("Reversible", "one"), ("Collection", "one"), ("Container", "one"),
    ("Sequence", "one"), ("MutableSequence", "one"), ("Mapping", "two"),
    ("MutableMapping", "two"), ("MutableSet", "one"), ("KeysView", "one"),
    ("ValuesView", "one"), ("ItemsView", "two"), ("Awaitable", "one"),
    ("AsyncIterable", "one"), ("AsyncIterator", "one"), ("Generator", "three"),
    ("AsyncGenerator", "two"), ("Coroutine", "three"),
)  # fmt: skip
_ABCS: dict[str, Generic] = {
    name: Generic(shape, name, "mapping" if "Mapping" in name else None)
    for name, shape in _ABC_SHAPES
}

_ELSEWHERE: dict[str, Generic] = {
    "re.Pattern": Generic("one", "Pattern", "pattern"),
    "re.Match": Generic("one", "Match", "match"),
    "contextlib.AbstractContextManager": Generic("one", "ContextManager"),
    "contextlib.AbstractAsyncContextManager": Generic("one", "AsyncContextManager"),
    "collections.abc.Set": Generic("one", "AbstractSet"),
    "os.PathLike": Generic("one", evidence="path"),
    "os.DirEntry": Generic("one"),
    "asyncio.Future": Generic("one"),
    "asyncio.Task": Generic("one"),
    "asyncio.Queue": Generic("one"),
    "queue.Queue": Generic("one"),
    "queue.SimpleQueue": Generic("one"),
    "subprocess.Popen": Generic("one"),
    "subprocess.CompletedProcess": Generic("one"),
    "concurrent.futures.Future": Generic("one"),
    "functools.partial": Generic("one"),
    "weakref.ref": Generic("one"),
    "weakref.WeakSet": Generic("one"),
    "weakref.WeakKeyDictionary": Generic("two"),
    "weakref.WeakValueDictionary": Generic("two"),
    "tempfile.TemporaryDirectory": Generic("one"),
    "dataclasses.Field": Generic("one"),
    "contextvars.ContextVar": Generic("one", since=(3, 7)),
    "contextvars.Token": Generic("one", since=(3, 7)),
    "logging.LoggerAdapter": Generic("one", since=(3, 11)),
    "argparse._SubParsersAction": Generic("one", evidence="subparsers", since=None),
}


def _typing(table: dict[str, Generic]) -> dict[str, Generic]:
    return {f"typing.{name}": replace(g, alias=None, since=ALWAYS) for name, g in table.items()}


KNOWN: dict[str, Generic] = {
    **_ELSEWHERE,
    **{f"builtins.{name}": g for name, g in _BUILTINS.items()},
    **_typing({**_TYPING_ONLY, **_COLLECTIONS, **_ABCS}),
    **{f"collections.{name}": g for name, g in _COLLECTIONS.items()},
    **{f"collections.abc.{name}": g for name, g in _ABCS.items()},
}
# typing.OrderedDict exists from 3.7.2 on; typing.ChainMap and typing.Counter from 3.6.1


def lookup(qualified: str) -> tuple[str, Generic] | None:
    """The generic a qualified name refers to (``typing_extensions.X`` is ``typing.X``)."""
    if qualified.startswith("typing_extensions."):
        qualified = "typing." + qualified.removeprefix("typing_extensions.")
    found = KNOWN.get(qualified)
    return None if found is None else (qualified, found)


def alias_of(generic: str) -> str | None:
    """``Dict`` for ``dict``: the name a rewrite for Python < 3.9 writes instead."""
    found = _BUILTINS.get(generic) or _COLLECTIONS.get(generic)
    return None if found is None else found.alias
