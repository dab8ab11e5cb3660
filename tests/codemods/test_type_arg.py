"""Edge cases of the type_arg codemod, as (before, after) pairs with ids saying why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.codemods.base import Skip
from fixer.codemods.python.type_arg import TypeArg
from fixer.model import CodemodContext, Finding
from tests.support.diag import findings

PY38 = CodemodContext(min_python=(3, 8))
ANY_KEY = CodemodContext(strategy="any-key")


def bare(
    line: int, generic: str = "dict", column: int | None = None, path: str = "pkg/mod.py"
) -> Finding:
    return Finding(
        kind="mypy.type-arg",
        tool="mypy",
        message=f'Missing type parameters for generic type "{generic}"',
        path=path,
        line=line,
        column=column,
        code="type-arg",
        details={"generic": generic},
    )


EXPORT_BEFORE = '''\
"""Records."""

from __future__ import annotations

import json


def _build_record(name: str) -> dict:
    return {"id": 1, "name": name}


def _build_meta() -> dict:
    return dict(kind="meta", version=2)


def _merge(a: dict, b: dict) -> dict:
    return {**a, **b}
'''
EXPORT_AFTER = '''\
"""Records."""

from __future__ import annotations

import json
from typing import Any


def _build_record(name: str) -> dict[str, Any]:
    return {"id": 1, "name": name}


def _build_meta() -> dict[str, Any]:
    return dict(kind="meta", version=2)


def _merge(a: dict[Any, Any], b: dict[Any, Any]) -> dict[Any, Any]:
    return {**a, **b}
'''

CASES = [
    pytest.param(
        EXPORT_BEFORE, EXPORT_AFTER, [bare(8), bare(12), bare(16)], None, id="three-dict-returns"
    ),
    pytest.param(
        "import os\r\n\r\n\r\ndef f() -> list:\r\n    return []\r\n",
        "import os\r\nfrom typing import Any\r\n\r\n\r\ndef f() -> list[Any]:\r\n    return []\r\n",
        [bare(4, "list", 12)],
        None,
        id="crlf-new-import-line-uses-crlf",
    ),
    pytest.param(
        '"""Module docstring (the file had a BOM)."""\nx: set = set()\n',
        '"""Module docstring (the file had a BOM)."""\nfrom typing import Any\n\nx: set[Any] = set()\n',
        [bare(2, "set", 4)],
        None,
        id="bom-stripped-docstring-first",
    ),
    pytest.param(
        "def f(\n    a: dict,  # the a\n    b: int,  # the b\n) -> (  # result\n    dict\n):\n"
        "    return {}\n",
        "from typing import Any\n\n\ndef f(\n    a: dict[Any, Any],  # the a\n    b: int,  # the b\n"
        ") -> (  # result\n    dict[Any, Any]\n):\n    return {}\n",
        [bare(2, column=8), bare(5, column=5)],
        None,
        id="comments-inside-a-multi-line-signature",
    ),
    pytest.param(
        "from typing import Optional\n\nrows: list[dict] = []\nmaybe: Optional[list[set]] = None\n",
        "from typing import Any, Optional\n\nrows: list[dict[Any, Any]] = []\n"
        "maybe: Optional[list[set[Any]]] = None\n",
        [bare(3, column=12), bare(4, "set", 22)],
        None,
        id="nested-generics",
    ),
    pytest.param(
        "from typing import Optional\n\n\ndef f(a: list[dict], b: Optional[dict]) -> dict | None:\n"
        "    return None\n",
        "from typing import Any, Optional\n\n\ndef f(a: list[dict[Any, Any]], b: Optional[dict[Any, Any]])"
        " -> dict[Any, Any] | None:\n    return None\n",
        [bare(4, column=16)],
        None,
        id="mypy-prints-one-error-per-line-so-all-on-the-line",
    ),
    pytest.param(
        'def f(a: "dict", b: "list[dict]") -> None: ...\n',
        'from typing import Any\n\n\ndef f(a: "dict[Any, Any]", b: "list[dict[Any, Any]]") -> None: ...\n',
        [bare(1, column=10)],
        None,
        id="string-annotations",
    ),
    pytest.param(
        "import typing as t\n\n\ndef f(x: t.Dict) -> t.Callable:\n    ...\n",
        "import typing as t\n\n\ndef f(x: t.Dict[t.Any, t.Any]) -> t.Callable[..., t.Any]:\n    ...\n",
        [bare(4, "t.Dict", 10), bare(4, "t.Callable", 21)],
        None,
        id="import-typing-as-t",
    ),
    pytest.param(
        "import typing\n\nx: typing.List = []\n",
        "import typing\n\nx: typing.List[typing.Any] = []\n",
        [bare(3, "typing.List", 4)],
        None,
        id="import-typing",
    ),
    pytest.param(
        "from typing import (\n    TYPE_CHECKING,\n    Optional,  # maybe\n    cast,\n)\n\nx: tuple = ()\n",
        "from typing import (\n    TYPE_CHECKING,\n    Any,\n    Optional,  # maybe\n    cast,\n)\n\n"
        "x: tuple[Any, ...] = ()\n",
        [bare(7, "tuple", 4)],
        None,
        id="multi-line-from-typing-sorted",
    ),
    pytest.param(
        "from typing import (\n    cast,\n    TYPE_CHECKING  # flag\n)\n\nx: tuple = ()\n",
        "from typing import (\n    cast,\n    TYPE_CHECKING,  # flag\n    Any\n)\n\nx: tuple[Any, ...] = ()\n",
        [bare(6, "tuple", 4)],
        None,
        id="multi-line-from-typing-unsorted-appends",
    ),
    pytest.param(
        "from typing import (\n    cast,  # c\n    TYPE_CHECKING,  # flag\n)\n\nx: tuple = ()\n",
        "from typing import (\n    cast,  # c\n    TYPE_CHECKING,  # flag\n    Any,\n)\n\n"
        "x: tuple[Any, ...] = ()\n",
        [bare(6, "tuple", 4)],
        None,
        id="multi-line-trailing-comma-append-keeps-comments",
    ),
    pytest.param(
        "from typing import (\n    TYPE_CHECKING,\n)\n\nx: set = set()\n",
        "from typing import (\n    TYPE_CHECKING,\n    Any,\n)\n\nx: set[Any] = set()\n",
        [bare(5, "set", 4)],
        None,
        id="multi-line-single-name-sorted-after-constants",
    ),
    pytest.param(
        '#!/usr/bin/env python\n"""Doc."""\nfrom __future__ import annotations\n\nimport os\n\n'
        "from app import models\n\n\ndef f() -> list:\n    return []\n",
        '#!/usr/bin/env python\n"""Doc."""\nfrom __future__ import annotations\n\nimport os\n'
        "from typing import Any\n\nfrom app import models\n\n\ndef f() -> list[Any]:\n    return []\n",
        [bare(10, "list", 12)],
        None,
        id="docstring-future-stdlib-placement",
    ),
    pytest.param(
        '"""Doc."""\n\nfrom __future__ import annotations\n\nimport requests\n\nx: list = []\n',
        '"""Doc."""\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\nimport requests\n\n'
        "x: list[Any] = []\n",
        [bare(7, "list", 4)],
        None,
        id="new-stdlib-section-before-third-party",
    ),
    pytest.param(
        "import os\n\n\ndef f(x: dict) -> list:\n    return [x]\n",
        "import os\nfrom typing import Any, Dict, List\n\n\n"
        "def f(x: Dict[Any, Any]) -> List[Any]:\n    return [x]\n",
        [bare(4, column=10), bare(4, "list", 19)],
        PY38,
        id="py38-runs-annotations-so-typing-names",
    ),
    pytest.param(
        "from __future__ import annotations\n\n\ndef f(x: dict) -> None: ...\n",
        "from __future__ import annotations\n\nfrom typing import Any\n\n\n"
        "def f(x: dict[Any, Any]) -> None: ...\n",
        [bare(4, column=10)],
        PY38,
        id="py38-with-postponed-annotations-keeps-builtins",
    ),
    pytest.param(
        "from typing import Any\n\n\nclass Bag(dict):\n    pass\n",
        "from typing import Any, Dict\n\n\nclass Bag(Dict[Any, Any]):\n    pass\n",
        [bare(4, column=11)],
        PY38,
        id="py38-class-base",
    ),
    pytest.param(
        "from typing import Any\n\n\n@cache\nasync def load(key: str) -> dict:\n"
        '    if key:\n        return {"key": key}\n    return {f"k{key}": 1, "b" "c": 2}\n',
        "from typing import Any\n\n\n@cache\nasync def load(key: str) -> dict[str, Any]:\n"
        '    if key:\n        return {"key": key}\n    return {f"k{key}": 1, "b" "c": 2}\n',
        [bare(5, column=29)],
        None,
        id="decorated-async-all-returns-str-keyed",
    ),
    pytest.param(
        "from typing import Any\n\n\ndef f(n: int) -> dict:\n    if n:\n        return {1: n}\n"
        '    return {"a": n}\n',
        "from typing import Any\n\n\ndef f(n: int) -> dict[Any, Any]:\n    if n:\n        return {1: n}\n"
        '    return {"a": n}\n',
        [bare(4, column=18)],
        None,
        id="one-non-str-key-means-any-keys",
    ),
    pytest.param(
        "from typing import Any\n\n\ndef f() -> dict:\n    def g() -> int:\n        return 1\n"
        '    return {"a": g()}\n',
        "from typing import Any\n\n\ndef f() -> dict[str, Any]:\n    def g() -> int:\n        return 1\n"
        '    return {"a": g()}\n',
        [bare(4, column=12)],
        None,
        id="nested-function-returns-ignored",
    ),
    pytest.param(
        'from typing import Any\n\n\ndef f() -> dict:\n    return {"a": 1}\n',
        'from typing import Any\n\n\ndef f() -> dict[Any, Any]:\n    return {"a": 1}\n',
        [bare(4, column=12)],
        ANY_KEY,
        id="any-key-strategy",
    ),
    pytest.param(
        "from typing import Annotated\n\n\ndef f(x: Annotated[dict, Field(default_factory=dict)]) -> None:"
        " ...\n",
        "from typing import Annotated, Any\n\n\n"
        "def f(x: Annotated[dict[Any, Any], Field(default_factory=dict)]) -> None: ...\n",
        [bare(4, column=20)],
        None,
        id="annotated-metadata-untouched",
    ),
    pytest.param(
        "from collections.abc import Callable\nfrom typing import Any\n\n\n"
        "def f(cb: Callable[[dict], list]) -> tuple[dict, dict]: ...\n",
        "from collections.abc import Callable\nfrom typing import Any\n\n\n"
        "def f(cb: Callable[[dict[Any, Any]], list[Any]]) -> tuple[dict[Any, Any], dict[Any, Any]]:"
        " ...\n",
        [bare(5, column=21), bare(5, "list", 28)],
        None,
        id="callable-parameter-list",
    ),
    pytest.param(
        "import collections\nfrom typing import Any, Dict as D\n\n\ndef f(q: collections.deque, d: D) -> None:"
        " ...\n",
        "import collections\nfrom typing import Any, Dict as D\n\n\n"
        "def f(q: collections.deque[Any], d: D[Any, Any]) -> None: ...\n",
        [bare(5, "collections.deque", 10), bare(5, "D", 32)],
        None,
        id="attribute-and-aliased-names",
    ),
    pytest.param(
        "import mymod\nfrom typing import List\n\n\ndef f(a: mymod.List, b: List) -> None: ...\n",
        "import mymod\nfrom typing import Any, List\n\n\n"
        "def f(a: mymod.List, b: List[Any]) -> None: ...\n",
        [bare(5, "List", 27)],
        None,
        id="same-last-name-from-another-module-untouched",
    ),
    pytest.param(
        "def f(x: dict) -> list: ...\n",
        "from typing import Any\n\n\ndef f(x: dict[Any, Any]) -> list[Any]: ...\n",
        [bare(1, column=10, path="pkg/mod.pyi"), bare(1, "list", 19, path="pkg/mod.pyi")],
        PY38,
        id="py38-stub-file-never-runs",
    ),
    pytest.param(
        "import typing\nfrom typing import Callable, TypeVar\n\n"
        'F = TypeVar("F", bound=Callable)\nf: Callable = typing.cast(Callable, print)\n',
        "import typing\nfrom typing import Any, Callable, TypeVar\n\n"
        'F = TypeVar("F", bound=Callable[..., Any])\n'
        "f: Callable[..., Any] = typing.cast(Callable[..., Any], print)\n",
        [bare(4, "Callable", 24), bare(5, "Callable", 4)],
        None,
        id="typevar-bound-and-cast",
    ),
    pytest.param(
        "from typing import Callable, TypeAlias\n\nHandler = Callable[[str, dict], None]\n"
        "Rows: TypeAlias = list\nfirst = rows[0]\n",
        "from typing import Any, Callable, TypeAlias\n\nHandler = Callable[[str, dict[Any, Any]], None]\n"
        "Rows: TypeAlias = list[Any]\nfirst = rows[0]\n",
        [bare(3, column=26), bare(4, "list", 19)],
        None,
        id="type-aliases",
    ),
    pytest.param(
        "from __future__ import annotations\n\nfrom typing import cast\n\n"
        "def f(x: object) -> None:\n    y = cast(dict, x)\n",
        "from __future__ import annotations\n\nfrom typing import Any, Dict, cast\n\n"
        "def f(x: object) -> None:\n    y = cast(Dict[Any, Any], x)\n",
        [bare(6, column=14)],
        PY38,
        id="py38-cast-runs-even-with-postponed-annotations",
    ),
    pytest.param(
        "import re\n\n\ndef f(p: re.Pattern) -> None: ...\n",
        "import re\nfrom typing import Any\n\n\ndef f(p: re.Pattern[Any]) -> None: ...\n",
        [bare(4, "Pattern", 10)],
        None,
        id="re-pattern-reported-by-its-short-name",
    ),
    pytest.param(
        "type Rows = list[dict]\n\n\ndef first[T: dict](rows: list[T]) -> T:\n    return rows[0]\n",
        "from typing import Any\n\ntype Rows = list[dict[Any, Any]]\n\n\n"
        "def first[T: dict[Any, Any]](rows: list[T]) -> T:\n    return rows[0]\n",
        [bare(1, column=18), bare(4, column=14)],
        PY38,
        id="python-3.12-type-statement-and-bound-are-lazy",
    ),
    pytest.param(
        "from typing import Any\n\nx: dict[str, Any] = {}\n",
        "from typing import Any\n\nx: dict[str, Any] = {}\n",
        [bare(3, column=4)],
        None,
        id="already-parameterized-is-a-no-op",
    ),
    pytest.param(
        "import collections\n\n\ndef f(q: collections.deque) -> None:\n    collections.deque()\n",
        "import collections\nfrom typing import Any, Deque\n\n\ndef f(q: Deque[Any]) -> None:\n"
        "    collections.deque()\n",
        [bare(4, "collections.deque")],
        PY38,
        id="py38-collections-generic-becomes-typing-name",
    ),
    pytest.param(
        "from typing import Any, List\n\n\nclass R:\n    class List(list):\n        pass\n\n"
        "    def get(self, x: list) -> None: ...\n\n\ndef f(x: list) -> None: ...\n",
        "from typing import Any, List\n\n\nclass R:\n    class List(list):\n        pass\n\n"
        '    def get(self, x: "list[Any]") -> None: ...\n\n\ndef f(x: List[Any]) -> None: ...\n',
        [bare(8, "list", 22), bare(11, "list", 10)],
        PY38,
        id="py38-a-class-hides-typing-names-in-its-own-body",
    ),
    pytest.param(
        "import collections\n\n\nclass O(collections.OrderedDict):\n    pass\n",
        "from typing import Any, OrderedDict\n\n\nclass O(OrderedDict[Any, Any]):\n    pass\n",
        [bare(4, "OrderedDict", 9)],
        PY38,
        id="py38-base-typing-name-and-the-import-it-left-unused-goes",
    ),
    pytest.param(
        "import collections\n\n\ndef f(q: collections.deque) -> None: ...\n",
        "import collections\nfrom typing import Any\n\n\n"
        'def f(q: "collections.deque[Any]") -> None: ...\n',
        [bare(4, "collections.deque")],
        PY38,
        id="py38-a-string-when-typing-name-would-leave-the-import-unused",
    ),
    pytest.param(
        "from typing import Any, Dict\n\nx: Dict[Any, Any] = {}\n",
        "from typing import Any, Dict\n\nx: Dict[Any, Any] = {}\n",
        [bare(3, column=4)],
        PY38,
        id="already-fixed-for-py38-is-a-no-op",
    ),
    pytest.param(
        "from typing import Any\n\n\nclass R:\n    Any = int\n\n    def get(self, x: list) -> None: ...\n",
        "from typing import Any\nfrom typing import Any as _Any\n\n\nclass R:\n    Any = int\n\n"
        "    def get(self, x: list[_Any]) -> None: ...\n",
        [bare(7, "list", 22)],
        None,
        id="Any-is-the-class-own-name-in-its-body",
    ),
    pytest.param(
        "import typing\n\n\nclass Dict:\n    pass\n\n\nclass C(dict):\n    pass\n",
        "import typing\n\n\nclass Dict:\n    pass\n\n\n"
        "class C(typing.Dict[typing.Any, typing.Any]):\n    pass\n",
        [bare(8, "dict", 9)],
        PY38,
        id="py38-base-when-the-module-has-its-own-Dict-and-import-typing",
    ),
    pytest.param(
        "Any = object\nx: list = []\n",
        "from typing import Any as _Any\n\nAny = object\nx: list[_Any] = []\n",
        [bare(2, "list")],
        None,
        id="Any-bound-by-the-module-is-imported-as-_Any",
    ),
    pytest.param(
        "import typing\n\n\nclass R:\n    class List(list): ...\n\n    def f(self) -> list: ...\n",
        "import typing\n\n\nclass R:\n    class List(list): ...\n\n"
        "    def f(self) -> typing.List[typing.Any]: ...\n",
        [bare(7, "list")],
        PY38,
        id="List-of-the-class-body-and-import-typing",
    ),
    pytest.param(
        "from typing import Any\n\n\ndef f(Any: int) -> None:\n    x: dict = {}\n",
        "from typing import Any\nfrom typing import Any as _Any\n\n\n"
        "def f(Any: int) -> None:\n    x: dict[_Any, _Any] = {}\n",
        [bare(5, "dict")],
        None,
        id="Any-shadowed-by-a-parameter-in-the-body",
    ),
]


@pytest.mark.parametrize(("before", "after", "findings", "ctx"), CASES)
def test_type_arg(
    before: str, after: str, findings: list[Finding], ctx: CodemodContext | None
) -> None:
    context = ctx or CodemodContext()
    out = TypeArg().transform(before, findings, context)
    assert out == after
    assert TypeArg().transform(out, findings, context) == out, "not idempotent"


SKIPS = [
    pytest.param(
        "from mylib import Box\n\nb: Box = Box()\n", [bare(3, "Box", 4)], None, id="unknown-generic"
    ),
    pytest.param("x = 1\ny: dict = {}\n", [bare(1)], None, id="no-generic-on-the-line"),
    pytest.param(
        "Any = object\n_Any = 1\nx: list = []\n",
        [bare(3, "list")],
        None,
        id="Any-and-_Any-mean-something-else",
    ),
    pytest.param(
        "from collections import OrderedDict\n\n\nclass C(OrderedDict):\n    pass\n",
        [bare(4, "OrderedDict", 9)],
        PY38,
        id="py38-base-whose-typing-name-is-taken",
    ),
    pytest.param(
        "from mylib import dict\n\nx: dict = {}\n", [bare(3)], None, id="shadowed-builtin"
    ),
    pytest.param("X = dict\ny: dict = {}\n", [bare(1)], None, id="type-alias-not-handled"),
    pytest.param("def f(:\n", [bare(1)], None, id="syntax-error"),
    pytest.param(
        "x = {}  # type: dict\n",
        [bare(1, column=1)],
        None,
        id="type-comment-would-need-an-import-of-its-own",
    ),
    pytest.param(
        "def f(x):\n    # type: (list) -> None\n    pass\n",
        [bare(1, "list", 7)],
        None,
        id="signature-type-comment-would-need-an-import-of-its-own",
    ),
    pytest.param(
        "from typing import Any\n\nrows = [  # type: list\n]\nx = {}  # type: dict\n",
        [bare(5, column=1)],
        None,
        id="type-comments-python-cannot-read",
    ),
    pytest.param(
        "from typing import Any\n\nfor x in []:  # type: dict\n    pass\n",
        [bare(3, column=1)],
        None,
        id="for-loop-type-comment-is-left",
    ),
    pytest.param(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from typing import Any\n\n"
        "def f(x: list) -> None: ...\n",
        [bare(6, "list")],
        None,
        id="Any-only-for-the-type-checker-but-annotation-runs",
    ),
]


@pytest.mark.parametrize(("before", "findings", "ctx"), SKIPS)
def test_type_arg_skips(before: str, findings: list[Finding], ctx: CodemodContext | None) -> None:
    with pytest.raises(Skip):
        TypeArg().transform(before, findings, ctx or CodemodContext())


def test_the_generic_comes_from_the_parser_not_from_the_message() -> None:
    """The codemod reads what the parser found (``details``), never the message again."""
    message = 'Missing type arguments for generic type "list"'
    bare = Finding(kind="mypy.type-arg", tool="mypy", message=message, line=1)
    with pytest.raises(Skip, match="no generic name"):
        TypeArg().transform("x: list = []\n", [bare], CodemodContext())
    (parsed,) = findings([f"app/x.py:1: error: {message}  [type-arg]"], "mypy app")
    assert parsed.details["generic"] == "list"
    assert TypeArg().transform("x: list = []\n", [parsed], CodemodContext()) == (
        "from typing import Any\n\nx: list[Any] = []\n"
    )


LONG_IMPORT = (
    "from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Optional, Sequence, Union\n"
    '\n\ndef build() -> dict:\n    return {"a": 1}\n'
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_typing_import_grown_too_long_is_wrapped_as_the_formatter_would(
    tmp_path: Path, newline: str
) -> None:
    before = LONG_IMPORT.replace("\n", newline)
    after = TypeArg().transform(before, [bare(4, path="app/x.py")], CodemodContext())
    assert after.startswith(
        "from typing import (\n    TYPE_CHECKING,\n    Any,\n    Callable,\n".replace("\n", newline)
    )
    assert after.count("\r\n") == (after.count("\n") if newline == "\r\n" else 0)
    target = tmp_path / "x.py"
    target.write_bytes(after.encode())
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--check", "--diff", str(target)],
        capture_output=True,
        text=True,
    )
    assert formatted.returncode == 0, formatted.stdout  # ruff format would write it so


def test_a_typing_import_within_the_limit_stays_on_one_line() -> None:
    after = TypeArg().transform(LONG_IMPORT, [bare(4)], CodemodContext(line_length=120))
    assert after.splitlines()[0] == (
        "from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Sequence, "
        "Union"
    )
