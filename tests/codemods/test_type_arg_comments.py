"""Bare generics inside type comments, found and proven by real mypy, checked by ruff.

mypy reads ``# type:`` comments and reports a bare generic in one at the statement's
first line (the comment sits on its last), at the parameter a signature comment types,
and a signature's return type at the ``def``. The codemod rewrites only the type in the
comment's text: a trailing ``# noqa`` or note, and every other line, stay byte for byte.
Where mypy checks for a Python before 3.9 without postponed annotations it takes only
typing's names (``List[Any]``), else the builtins' (``list[Any]``). ruff does not read
type comments, so an import that only a type comment would use is refused: ruff itself
shows it would call it unused.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.codemods.base import Skip
from fixer.codemods.python.type_arg import TypeArg
from fixer.model import CodemodContext
from tests.codemods.test_type_arg_real_mypy import mypy

COMMENTS = """\
import typing
from typing import Any, Callable, Dict, List


def build(rows, size=0):
    # type: (list, int) -> Dict
    return {"rows": rows, "size": size}


class Store:
    def get(self, key):  # type: (str) -> dict
        return {key: 1}


TABLE = {}  # type: dict
CHECKS = [
    len,
    str,
]  # type: typing.List[typing.Callable]  # noqa: E501
MAYBE = None  # type: typing.Optional[typing.Type]  # a note
PAIRS = []  # type: List[Callable]


def tag(name,  # type: str
        tags,  # type: list
        ):
    # type: (...) -> None
    pass
"""

OLD = {  # mypy checking for Python 3.8: typing's names
    6: "    # type: (List[Any], int) -> Dict[Any, Any]",
    11: "    def get(self, key):  # type: (str) -> Dict[Any, Any]",
    15: "TABLE = {}  # type: Dict[Any, Any]",
    19: "]  # type: typing.List[typing.Callable[..., Any]]  # noqa: E501",
    20: "MAYBE = None  # type: typing.Optional[typing.Type[Any]]  # a note",
    21: "PAIRS = []  # type: List[Callable[..., Any]]",
    25: "        tags,  # type: List[Any]",
}
NEW = {  # from Python 3.9 on: the builtins' own
    **OLD,
    6: "    # type: (list[Any], int) -> Dict[Any, Any]",
    11: "    def get(self, key):  # type: (str) -> dict[Any, Any]",
    15: "TABLE = {}  # type: dict[Any, Any]",
    25: "        tags,  # type: list[Any]",
}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def ruff_f401(folder: Path, text: str) -> list[str]:
    (folder / "linted.py").write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401",
         "--output-format", "concise", "--quiet", "linted.py"],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return [line for line in done.stdout.splitlines() if "F401" in line]


@pytest.mark.parametrize(
    ("floor", "expected"), [((3, 8), OLD), ((3, 9), NEW)], ids=["python-3.8", "python-3.9"]
)
def test_each_kind_of_type_comment(
    tmp_path: Path, cache: Path, floor: tuple[int, int], expected: dict[int, str]
) -> None:
    findings = mypy(tmp_path, COMMENTS, cache)
    assert {f.kind for f in findings} == {"mypy.type-arg"}
    assert {(f.line, f.details["generic"]) for f in findings} >= {
        (5, "list"), (5, "Dict"), (11, "dict"), (15, "dict"), (16, "typing.Callable"),
        (20, "typing.Type"), (21, "Callable"), (25, "list"),
    }  # fmt: skip
    after = TypeArg().transform(COMMENTS, findings, CodemodContext(min_python=floor))
    lines, before = after.split("\n"), COMMENTS.split("\n")
    assert len(lines) == len(before)  # no import added: every name is bound
    for number, line in enumerate(lines, 1):
        assert line == expected.get(number, before[number - 1]), number
    assert mypy(tmp_path, after, cache) == []
    assert TypeArg().transform(after, findings, CodemodContext(min_python=floor)) == after


FUTURE = """\
from __future__ import annotations


def load(path: str) -> dict:
    seen = []  # type: list
    return {"path": path, "seen": seen}
"""


def test_the_import_code_needs_serves_the_comment_too(tmp_path: Path, cache: Path) -> None:
    """Postponed annotations: mypy takes ``list[Any]`` in a comment even for Python 3.8."""
    findings = mypy(tmp_path, FUTURE, cache)
    after = TypeArg().transform(FUTURE, findings, CodemodContext(min_python=(3, 8)))
    assert after == (
        "from __future__ import annotations\n\nfrom typing import Any\n\n\n"
        "def load(path: str) -> dict[str, Any]:\n"
        "    seen = []  # type: list[Any]\n"
        '    return {"path": path, "seen": seen}\n'
    )
    assert mypy(tmp_path, after, cache) == []
    assert ruff_f401(tmp_path, after) == []


def test_an_import_only_a_comment_would_use_is_refused(tmp_path: Path, cache: Path) -> None:
    text = "TABLE = {}  # type: dict\n"
    findings = mypy(tmp_path, text, cache)
    assert [(f.line, f.column, f.details["generic"]) for f in findings] == [(1, 1, "dict")]
    with pytest.raises(Skip, match="`Any` would be imported for type comments alone"):
        TypeArg().transform(text, findings, CodemodContext())
    would_be = "from typing import Any\n\nTABLE = {}  # type: dict[Any, Any]\n"
    assert mypy(tmp_path, would_be, cache) == []  # mypy would be content ...
    assert ruff_f401(tmp_path, would_be) == [  # ... but ruff calls the import unused
        "linted.py:1:20: F401 [*] `typing.Any` imported but unused"
    ]
