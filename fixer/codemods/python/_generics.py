"""The generic types whose type arguments fixer knows, by qualified name.

``shape`` says what the arguments look like once filled with ``Any``; ``alias`` is the
``typing`` name to write instead of a builtin where an annotation is evaluated at run
time on Python < 3.9 (``dict[...]`` raises there, ``typing.Dict[...]`` works).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Shape = Literal["one", "two", "three", "tuple", "callable"]


@dataclass(frozen=True, slots=True)
class Generic:
    shape: Shape
    alias: str | None = None  # typing's name for a builtin generic
    mapping: bool = False  # dict-like: keys may be inferred to be str

    def runtime_before_39(self, qualified: str) -> bool:
        """Whether ``X[...]`` works at run time on Python 3.8 as written."""
        return qualified.startswith("typing.")


_BUILTINS: dict[str, Generic] = {
    "dict": Generic("two", "Dict", mapping=True),
    "list": Generic("one", "List"),
    "set": Generic("one", "Set"),
    "frozenset": Generic("one", "FrozenSet"),
    "type": Generic("one", "Type"),
    "tuple": Generic("tuple", "Tuple"),
}

_TYPING_ONLY: dict[str, Generic] = {
    "Dict": Generic("two", mapping=True),
    "List": Generic("one"),
    "Set": Generic("one"),
    "FrozenSet": Generic("one"),
    "Type": Generic("one"),
    "Tuple": Generic("tuple"),
    "DefaultDict": Generic("two"),
    "Deque": Generic("one"),
    "AbstractSet": Generic("one"),
}

_COLLECTIONS: dict[str, Generic] = {
    "deque": Generic("one"),
    "defaultdict": Generic("two"),
    "OrderedDict": Generic("two"),
    "Counter": Generic("one"),
    "ChainMap": Generic("two"),
}

_ABCS: dict[str, Generic] = {
    "Callable": Generic("callable"),
    "Iterable": Generic("one"),
    "Iterator": Generic("one"),
    "Reversible": Generic("one"),
    "Collection": Generic("one"),
    "Container": Generic("one"),
    "Sequence": Generic("one"),
    "MutableSequence": Generic("one"),
    "Mapping": Generic("two"),
    "MutableMapping": Generic("two"),
    "MutableSet": Generic("one"),
    "KeysView": Generic("one"),
    "ValuesView": Generic("one"),
    "ItemsView": Generic("two"),
    "Awaitable": Generic("one"),
    "AsyncIterable": Generic("one"),
    "AsyncIterator": Generic("one"),
    "Generator": Generic("three"),
    "AsyncGenerator": Generic("two"),
    "Coroutine": Generic("three"),
}

_ELSEWHERE: dict[str, Generic] = {
    "re.Pattern": Generic("one"),
    "re.Match": Generic("one"),
    "typing.Pattern": Generic("one"),
    "typing.Match": Generic("one"),
    "typing.IO": Generic("one"),
    "typing.ContextManager": Generic("one"),
    "typing.AsyncContextManager": Generic("one"),
    "contextlib.AbstractContextManager": Generic("one"),
    "contextlib.AbstractAsyncContextManager": Generic("one"),
    "os.PathLike": Generic("one"),
    "asyncio.Future": Generic("one"),
    "asyncio.Task": Generic("one"),
    "asyncio.Queue": Generic("one"),
    "queue.Queue": Generic("one"),
}

KNOWN: dict[str, Generic] = {
    **_ELSEWHERE,
    **{f"builtins.{name}": g for name, g in _BUILTINS.items()},
    **{f"typing.{name}": g for name, g in {**_TYPING_ONLY, **_COLLECTIONS, **_ABCS}.items()},
    **{f"collections.{name}": g for name, g in _COLLECTIONS.items()},
    **{f"collections.abc.{name}": g for name, g in _ABCS.items()},
    "collections.abc.Set": Generic("one"),
}


def lookup(qualified: str) -> tuple[str, Generic] | None:
    """The generic a qualified name refers to (``typing_extensions.X`` is ``typing.X``)."""
    if qualified.startswith("typing_extensions."):
        qualified = "typing." + qualified.removeprefix("typing_extensions.")
    found = KNOWN.get(qualified)
    return None if found is None else (qualified, found)


def alias_of(generic: str) -> str | None:
    """``Dict`` for ``dict``: the name a rewrite for Python < 3.9 writes instead."""
    found = _BUILTINS.get(generic)
    return None if found is None else found.alias
