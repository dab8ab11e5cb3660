"""The Python codemods checked with the real tools: mypy and ruff, not mocks.

Findings are read from the tools' own output on the ``before`` text, the codemod runs,
and the tool runs again on the ``after`` text.
"""

from __future__ import annotations

import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from fixer.codemods.python.ignore_untyped_import import IgnoreUntypedImport
from fixer.codemods.python.type_arg import TypeArg
from fixer.codemods.python.unused_import import UnusedImport
from fixer.model import CodemodContext, Finding

MYPY_LINE = re.compile(r"^mod\.py:(\d+):(\d+): error: (.*?)  \[([a-z-]+)\]$", re.MULTILINE)
RUFF_LINE = re.compile(
    r"^mod\.py:(\d+):(\d+): F401 (?:\[\*\] )?`([^`]+)` imported but unused", re.M
)


def mypy(folder: Path, text: str, *flags: str) -> list[Finding]:
    (folder / "mod.py").write_text(text)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file=",
         "--show-column-numbers", "--show-error-codes", "--no-pretty", "--no-error-summary",
         f"--cache-dir={folder / '.mypy_cache'}", *flags, "mod.py"],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    found = []
    for line, column, message, code in MYPY_LINE.findall(run.stdout):
        details = {}
        if code == "type-arg":
            details["generic"] = re.findall(r'"([\w.]+)"', message)[0]
        elif code == "import-untyped":
            details["module"] = re.findall(r'"([\w.]+)"', message)[0]
        found.append(
            Finding(f"mypy.{code}", "mypy", message, "mod.py", int(line), int(column), code,
                    details=details)
        )  # fmt: skip
    return found


STRICT_MODULE = '''\
"""Records for the API."""

from __future__ import annotations

import json
from typing import Optional


def _build_record(name: str) -> dict:
    return {"id": 1, "name": name}


def _build_meta(version: int) -> dict:
    return dict(kind="meta", version=version)


def _collect(rows: list, extra: Optional[dict] = None) -> dict:
    merged = {str(i): row for i, row in enumerate(rows)}
    return {**merged, **(extra or {})}


def dump() -> str:
    return json.dumps([_build_record("a"), _build_meta(1), _collect([1])])
'''

SIGNATURES = """\
import typing as t
from collections.abc import Callable


class Bag(dict):  # a base class
    def items_of(
        self,
        keys: "list[tuple]",  # string annotation
        hook: Callable,
    ) -> t.List:
        return [k for k in keys if hook(k)]


def pairs(x: tuple, *rest: frozenset) -> list[dict]:
    return [{"x": x, "rest": rest}]
"""


@pytest.mark.parametrize(
    "text", [STRICT_MODULE, SIGNATURES], ids=["three-dict-returns", "signatures"]
)
def test_type_arg_leaves_mypy_strict_clean(tmp_path: Path, text: str) -> None:
    findings = mypy(tmp_path, text)
    assert findings and {f.kind for f in findings} == {"mypy.type-arg"}
    after = TypeArg().transform(text, findings, CodemodContext())
    assert mypy(tmp_path, after) == []


def test_any_key_strategy_also_passes(tmp_path: Path) -> None:
    findings = mypy(tmp_path, STRICT_MODULE)
    after = TypeArg().transform(STRICT_MODULE, findings, CodemodContext(strategy="any-key"))
    assert "dict[str, Any]" not in after
    assert mypy(tmp_path, after) == []


def test_ignore_untyped_import_silences_mypy(tmp_path: Path) -> None:
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    site = next((env / "lib").glob("python3*/site-packages"))
    (site / "untypedpkg").mkdir()
    (site / "untypedpkg" / "__init__.py").write_text("def api() -> int:\n    return 1\n")
    (site / "untypedpkg" / "sub.py").write_text("x = 1\n")
    text = (
        "import untypedpkg  # the package\n"
        "from untypedpkg.sub import (\n    x,\n)\n\n"
        "print(untypedpkg.api(), x)\n"
    )
    python = f"--python-executable={env / 'bin' / 'python'}"
    findings = mypy(tmp_path, text, python)
    assert [(f.kind, f.line) for f in findings] == [
        ("mypy.import-untyped", 1),
        ("mypy.import-untyped", 2),
    ]
    after = IgnoreUntypedImport().transform(text, findings, CodemodContext())
    assert mypy(tmp_path, after, python) == []  # --strict warns about unused ignores too


def ruff(folder: Path, text: str, *rules: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
         "--output-format=concise", f"--select={','.join(rules)}", "--stdin-filename=mod.py", "-"],
        cwd=folder, input=text, capture_output=True, text=True, check=False,
    )  # fmt: skip


UNUSED = '''\
"""Tools."""

import os, sys
import numpy as np
from typing import (
    TYPE_CHECKING,
    Any,  # used below
    List as L,
    cast,
)

if TYPE_CHECKING:
    import json


def f() -> Any:
    import re
    return cast(int, sys.argv)
'''


def test_unused_import_leaves_ruff_clean(tmp_path: Path) -> None:
    found = RUFF_LINE.findall(ruff(tmp_path, UNUSED, "F401").stdout)
    names = sorted(name for _, _, name in found)
    assert names == ["json", "numpy", "os", "re", "typing.List"]
    findings = [
        Finding("ruff.F401", "ruff", f"`{n}` imported but unused", "mod.py", int(line), int(col),
                "F401", details={"name": n})
        for line, col, n in found
    ]  # fmt: skip
    after = UnusedImport().transform(UNUSED, findings, CodemodContext())
    assert ruff(tmp_path, after, "F401", "E9").returncode == 0
    assert "import numpy" not in after and "List as L" not in after
    assert "    Any,  # used below\n    cast,\n)" in after
    assert "if TYPE_CHECKING:\n    pass\n" in after


ISORT_CLEAN = [
    pytest.param("x: list = []\n", id="no-imports"),
    pytest.param('"""Doc."""\n\nx: list = []\n', id="docstring"),
    pytest.param('"""Doc."""\n\n\ndef f() -> list:\n    return []\n', id="docstring-then-def"),
    pytest.param("from __future__ import annotations\n\nx: list = []\n", id="future-only"),
    pytest.param("import os\nimport sys\n\nx: list = [os, sys]\n", id="plain-stdlib"),
    pytest.param(
        "import abc\nfrom collections import deque\nfrom urllib import parse\n\nimport attr\n\n"
        "x: list = [abc, deque, parse, attr]\n",
        id="between-stdlib-froms",
    ),
    pytest.param("import attr\n\nx: list = [attr]\n", id="third-party-only"),
    pytest.param(
        '"""Doc."""\n\nfrom __future__ import annotations\n\nimport attr\n\n\ndef f() -> list:\n'
        "    return [attr]\n",
        id="future-and-third-party",
    ),
    pytest.param(
        "from typing import TYPE_CHECKING, cast\n\nx: list = cast(list, [TYPE_CHECKING])\n",
        id="merge-sorted",
    ),
]


@pytest.mark.parametrize("before", ISORT_CLEAN)
def test_added_import_is_where_ruff_isort_wants_it(tmp_path: Path, before: str) -> None:
    assert ruff(tmp_path, before, "I").returncode == 0, "the input itself is not sorted"
    line = next(
        i for i, text in enumerate(before.splitlines(), 1) if "x: list" in text or "-> list" in text
    )
    finding = Finding("mypy.type-arg", "mypy", 'Missing type arguments for generic type "list"',
                      "mod.py", line, details={"generic": "list"})  # fmt: skip
    after = TypeArg().transform(before, [finding], CodemodContext())
    assert "list[Any]" in after
    check = ruff(tmp_path, after, "I", "F401")
    assert check.returncode == 0, check.stdout + "\n" + after
