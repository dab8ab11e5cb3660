"""Fixed modules still import on the oldest Pythons their project supports.

Each case is a module with bare generics where Python evaluates them when the module is
imported (or, as a control, where it does not). Real mypy reports the ``[type-arg]``
errors, the codemod fixes them for a floor of Python 3.7, and every installed old
interpreter (pyenv's 3.7, 3.8, 3.9) imports the result. As a control, the naive form
(the builtins' ``dict[Any, Any]``, what a floor of 3.9 gives) fails to import there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from fixer.codemods.python.type_arg import TypeArg
from fixer.model import CodemodContext, Finding

PYENV = Path("/root/.pyenv/versions")
OLD = {"3.7": "3.7.16", "3.8": "3.8.18", "3.9": "3.9.18"}
FLOOR = CodemodContext(min_python=(3, 7), mypy_python=(3, 12))
NAIVE = CodemodContext()


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    naive_fails: bool = True  # the builtins' form breaks the import below 3.9
    since: tuple[int, int] = (3, 7)  # the case needs this Python at least (TypedDict: 3.8)


CASES = [
    Case("params_and_return", "def f(d: dict, xs: list) -> tuple:\n    return ()\n"),
    Case("module_variable", "ROWS: list = []\n"),
    Case("class_variable", "class C:\n    table: dict = {}\n"),
    Case("class_base", "class Bag(dict):  # type: ignore[type-arg]\n    pass\n".replace(
        "  # type: ignore[type-arg]", "")),
    Case("ordered_dict_base", "import collections\n\n\nclass O(collections.OrderedDict):\n    pass\n"),
    Case("future_cast", "from __future__ import annotations\n\nfrom typing import cast\n\n"
         "X = cast(dict, {})\n"),
    Case("future_base", "from __future__ import annotations\n\n\nclass B(list):\n    pass\n"),
    Case("future_annotation_stays_lazy", "from __future__ import annotations\n\n\n"
         "def f(d: dict) -> None: ...\n", naive_fails=False),
    Case("typevar_bound", 'from typing import TypeVar\n\nT = TypeVar("T", bound=dict)\n'),
    Case("alias", "from typing import Callable, Optional\n\nHandler = Callable[[dict], None]\n"
         "Maybe = Optional[list]\n"),
    Case("named_tuple", 'from typing import NamedTuple\n\nP = NamedTuple("P", [("x", list)])\n'),
    Case("typed_dict", 'from typing import TypedDict\n\nD = TypedDict("D", {"a": dict})\n',
         since=(3, 8)),
    Case("abc_callable", "from collections import abc\n\n\ndef f(cb: abc.Callable) -> None: ...\n"),
    Case("re_pattern", 'import re\n\nWORD: re.Pattern = re.compile("w")\n'),
    Case("pathlike", "import os\n\n\ndef f(p: os.PathLike) -> None: ...\n"),
    Case("subparsers", "import argparse\n\n\ndef f(s: argparse._SubParsersAction) -> None: ...\n",
         naive_fails=False),  # never subscriptable at run time: a string either way
    Case("local_annotation_never_runs", "def f() -> None:\n    x: dict = {}\n\n\nf()\n",
         naive_fails=False),
]  # fmt: skip

LINE = re.compile(r"^(\w+)\.py:(\d+):(\d+): error: (.*?)  \[([a-z-]+)\]$", re.M)


def mypy(folder: Path) -> list[tuple[str, int, int, str, str]]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--disallow-any-generics", "--no-incremental",
         "--config-file=", "--show-column-numbers", "--show-error-codes", "--no-pretty",
         "--no-error-summary", f"--cache-dir={folder / '.mypy_cache'}", "."],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    return [
        (m, int(line), int(col), msg, code) for m, line, col, msg, code in LINE.findall(run.stdout)
    ]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Folders of the cases as written, fixed for a 3.7 floor, and fixed naively."""
    base = tmp_path_factory.mktemp("old-python")
    folders = {kind: base / kind for kind in ("before", "floor", "naive")}
    for folder in folders.values():
        folder.mkdir()
    for case in CASES:
        (folders["before"] / f"{case.name}.py").write_text(case.source)
    found: dict[str, list[Finding]] = {}
    for module, line, column, message, code in mypy(folders["before"]):
        assert code == "type-arg", (module, message)
        generic = re.findall(r'"([\w.]+)"', message)[0]
        finding = Finding("mypy.type-arg", "mypy", message, f"{module}.py", line, column, code,
                          details={"generic": generic})  # fmt: skip
        found.setdefault(module, []).append(finding)
    assert set(found) == {c.name for c in CASES}, "mypy reports every case"
    for case in CASES:
        for kind, ctx in (("floor", FLOOR), ("naive", NAIVE)):
            after = TypeArg().transform(case.source, found[case.name], ctx)
            (folders[kind] / f"{case.name}.py").write_text(after)
    return folders


IMPORT_ALL = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
result = {}
for name in sys.argv[2:]:
    try:
        importlib.import_module(name)
        result[name] = "ok"
    except Exception as error:
        result[name] = f"{type(error).__name__}: {error}"
print(json.dumps(result))
"""


def imports(python: Path, folder: Path, names: list[str]) -> dict[str, str]:
    run = subprocess.run(
        [str(python), "-c", IMPORT_ALL, str(folder), *names],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    result: dict[str, str] = json.loads(run.stdout)
    return result


def test_fixed_modules_are_mypy_and_ruff_clean(fixed: dict[str, Path]) -> None:
    assert mypy(fixed["floor"]) == []
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401,F821", "."],
        cwd=fixed["floor"], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout  # no import left unused, no name undefined


@pytest.mark.parametrize("version", sorted(OLD))
def test_fixed_modules_import_on_old_python(fixed: dict[str, Path], version: str) -> None:
    python = PYENV / OLD[version] / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no Python {version} here ({python})")
    minor = tuple(int(p) for p in version.split("."))
    names = [c.name for c in CASES if c.since <= minor]
    assert imports(python, fixed["floor"], names) == dict.fromkeys(names, "ok")
    naive = imports(python, fixed["naive"], names)
    for case in CASES:
        if case.name not in names:
            continue
        broken = minor < (3, 9) and case.naive_fails
        assert (naive[case.name] != "ok") == broken, (case.name, naive[case.name])
        if broken:
            assert "TypeError" in naive[case.name], naive[case.name]
