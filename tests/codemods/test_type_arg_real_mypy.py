"""The type_arg codemod's precise choices and name matching, proven by real mypy.

mypy (``--strict``) reports the ``[type-arg]`` errors of a module, with columns; the
codemod fixes them; mypy then reports nothing. mypy prints some names short
(``_SubParsersAction`` for ``argparse._SubParsersAction``, ``Pattern`` for
``re.Pattern``, ``PathLike`` for ``os.PathLike``), and aliases as written (``D`` for
``Dict as D``): the same with mypy 1.19 and 2.4. Where a precise type is wrong for the
code around it, mypy says so and the ``all-any`` strategy (the engine's fallback) holds.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.codemods.python.type_arg import TypeArg
from fixer.model import CodemodContext, Finding

RUNS = itertools.count()
LINE = re.compile(r"^\w+\.py:(\d+):(\d+): error: (.*?)  \[([a-z-]+)\]$", re.M)

PRECISE = """\
import argparse
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Any, Dict as D, Match, Optional, Pattern

WORD: re.Pattern = re.compile(r"\\w+")
RAW: Pattern = re.compile(b"[0-9]+")
CONFIG: dict = json.loads("{}")
HOME: os.PathLike = Path("/")


def options(**kw: Any) -> dict:
    return kw


def record(name: str) -> D:
    return {"name": name, "size": 1}


def write(text: str, out: IO = sys.stdout) -> None:
    out.write(text)


def binary(path: str) -> IO:
    return open(path, "rb")


def text(path: str) -> IO:
    return open(path, encoding="utf-8")


def buffer() -> IO:
    return io.BytesIO(b"")


def first(line: str) -> Optional[Match]:
    return re.match("[a-z]+", line)


def commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return parser.add_subparsers()


def words(line: str) -> list:
    return WORD.findall(line)
"""

WRONG_GUESS = """\
def load() -> dict:
    return {"zero": 0}


def numbered() -> dict:
    table = load()
    table[1] = "one"
    return table
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the module's runs: the standard library is read once."""
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(folder: Path, text: str, cache: Path) -> list[Finding]:
    """mypy's findings on ``text`` as a module of its own name: the cache is shared, and
    mypy takes a file of the same size and second as unchanged."""
    name = f"mod{next(RUNS)}"
    (folder / f"{name}.py").write_text(text)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file=",
         "--show-column-numbers", "--show-error-codes", "--no-pretty", "--no-error-summary",
         f"--cache-dir={cache}", f"{name}.py"],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    found = []
    for line, column, message, code in LINE.findall(run.stdout):
        generic = re.findall(r'"([\w.]+)"', message)[0] if code == "type-arg" else ""
        found.append(Finding(f"mypy.{code}", "mypy", message, f"{name}.py", int(line), int(column),
                             code, details={"generic": generic} if generic else {}))  # fmt: skip
    return found


def test_precise_types_pass_mypy(tmp_path: Path, cache: Path) -> None:
    findings = mypy(tmp_path, PRECISE, cache)
    assert {f.kind for f in findings} == {"mypy.type-arg"}
    printed = {f.details["generic"] for f in findings}
    assert {"Pattern", "PathLike", "D", "_SubParsersAction"} <= printed
    after = TypeArg().transform(PRECISE, findings, CodemodContext(min_python=(3, 9)))
    for precise in (
        "WORD: re.Pattern[str]", "RAW: Pattern[bytes]", "CONFIG: dict[str, Any]",
        "HOME: os.PathLike[str]", "-> dict[str, Any]:\n    return kw", "-> D[str, Any]",
        "out: IO[str] = sys.stdout", "binary(path: str) -> IO[bytes]", "text(path: str) -> IO[str]",
        "buffer() -> IO[bytes]", '"argparse._SubParsersAction[argparse.ArgumentParser]"',
        "Optional[Match[Any]]", "-> list[Any]",
    ):  # fmt: skip
        assert precise in after, precise
    assert mypy(tmp_path, after, cache) == []


def test_all_any_strategy_is_the_fallback_when_a_guess_is_wrong(
    tmp_path: Path, cache: Path
) -> None:
    findings = mypy(tmp_path, WRONG_GUESS, cache)
    guessed = TypeArg().transform(WRONG_GUESS, findings, CodemodContext())
    assert "def load() -> dict[str, Any]:" in guessed
    assert [f.code for f in mypy(tmp_path, guessed, cache)] == ["index"]  # table[1]: a str key
    fallback = TypeArg().transform(WRONG_GUESS, findings, CodemodContext(strategy="all-any"))
    assert "dict[str, Any]" not in fallback
    assert mypy(tmp_path, fallback, cache) == []


@pytest.mark.parametrize(
    "line",
    ["def f(a: list, b: list[dict]) -> dict:", "def f(a: 'list', b: \"list[dict]\") -> dict:"],
    ids=["plain", "string-annotations"],
)
def test_one_error_a_line_and_message_fixes_every_use(
    tmp_path: Path, cache: Path, line: str
) -> None:
    text = f"{line}\n    return {{}}\n"
    findings = mypy(tmp_path, text, cache)
    assert len(findings) < 4  # mypy reports ``dict`` once on the line
    after = TypeArg().transform(text, findings, CodemodContext())
    assert mypy(tmp_path, after, cache) == []
