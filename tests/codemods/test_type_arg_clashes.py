"""Names the type_arg codemod adds never clash with the module's own, proven by real mypy
and, where the annotation runs, by importing the module on the oldest Python installed.

A class that defines its own ``List`` (a nested ``class List(list)``) makes ``List`` in
its methods' annotations that class: a string annotation stands there; a module that
binds ``Any`` itself gets ``from typing import Any as _Any``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.codemods.base import Skip
from fixer.codemods.python.type_arg import TypeArg
from fixer.fix.facts import context_for
from fixer.model import CodemodContext, Finding
from fixer.snapshot import take
from tests.codemods.test_type_arg_real_mypy import mypy

OLDEST = next(
    (
        p
        for v in ("3.7.16", "3.8.18")
        if (p := Path(f"/root/.pyenv/versions/{v}/bin/python")).is_file()
    ),
    None,
)

PACKAGE_LINE = re.compile(r"^([\w/]+\.py):(\d+):(\d+): error: (.*?)  \[([a-z-]+)\]$", re.M)

OWN_LIST = """\
from typing import Any, List


class Results:
    class List(list):  # type: ignore[type-arg]
        pass

    def as_list(self) -> list:
        return []


def names() -> List[str]:
    return []
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def test_a_class_of_its_own_named_list_keeps_its_name(tmp_path: Path, cache: Path) -> None:
    findings = mypy(tmp_path, OWN_LIST, cache)
    assert [f.details.get("generic") for f in findings] == ["list"]
    after = TypeArg().transform(OWN_LIST, findings, CodemodContext(min_python=(3, 7)))
    assert 'def as_list(self) -> "list[Any]":' in after
    assert mypy(tmp_path, after, cache) == []
    if OLDEST is not None:
        (tmp_path / "own_list.py").write_text(after)
        run = subprocess.run([str(OLDEST), "-c", "import own_list"], cwd=tmp_path, check=False)
        assert run.returncode == 0


OWN_ANY = """\
class Any:
    pass


def pick(rows: list) -> Any:
    return Any()
"""


def test_a_module_that_defines_any_gets_a_private_alias(tmp_path: Path, cache: Path) -> None:
    findings = mypy(tmp_path, OWN_ANY, cache)
    after = TypeArg().transform(OWN_ANY, findings, CodemodContext(min_python=(3, 9)))
    assert after.startswith("from typing import Any as _Any\n")
    assert "def pick(rows: list[_Any]) -> Any:" in after
    assert mypy(tmp_path, after, cache) == []


STAR_PACKAGE = {
    "pkg/__init__.py": "from pkg.schema import *\nfrom pkg.validators import *\n",
    "pkg/schema.py": "def build(d: dict) -> None:\n    pass\n",
    "pkg/validators.py": "class Any:\n    pass\n",
}


def test_a_star_imported_module_exports_no_new_name(tmp_path: Path) -> None:
    """``from typing import Any`` in ``schema`` would make ``import *`` bring typing's
    ``Any`` into ``pkg`` before the validator's: mypy's ``Incompatible import`` (without
    ``--strict``, whose ``no_implicit_reexport`` hides it as it does not hide it at run time)."""
    for rel, text in STAR_PACKAGE.items():
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text(text)
    before = _mypy_package(tmp_path)
    assert [(f.line, f.details.get("generic")) for f in before] == [(1, "dict")]
    ctx = context_for(take(tmp_path), before[0], "pkg/schema.py")
    assert ctx.star_importers == ("pkg/__init__.py:1",)
    after = TypeArg().transform(STAR_PACKAGE["pkg/schema.py"], before, ctx)
    assert after.startswith("from typing import Any as _Any\n")
    (tmp_path / "pkg/schema.py").write_text(after)
    assert _mypy_package(tmp_path) == []
    public = TypeArg().transform(STAR_PACKAGE["pkg/schema.py"], before, CodemodContext())
    (tmp_path / "pkg/schema.py").write_text(public)  # what the plain import does
    assert [f.code for f in _mypy_package(tmp_path)] == ["assignment"]


def _mypy_package(root: Path) -> list[Finding]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--disallow-any-generics", "--config-file=",
         "--show-column-numbers",
         "--no-pretty", "--no-error-summary", f"--cache-dir={root / '.mypy_cache'}", "pkg"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    found = []
    for path, line, column, message, code in PACKAGE_LINE.findall(run.stdout):
        generic = re.findall(r'"([\w.]+)"', message)[0] if code == "type-arg" else ""
        found.append(Finding(f"mypy.{code}", "mypy", message, path, int(line), int(column),
                             code, details={"generic": generic} if generic else {}))  # fmt: skip
    return found


def test_a_type_comment_on_a_statement_s_last_line(tmp_path: Path) -> None:
    """mypy reports the generic of a type comment at the statement's first line; the
    comment on its last line is rewritten (with ``Any`` already imported), or refused
    when only it would use a new import."""
    text = "from typing import Callable, List\n\nchecks = [\n    len,\n]  # type: List[Callable]\n"
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/checks.py").write_text(text)
    findings = _mypy_package(tmp_path)
    assert [(f.line, f.details.get("generic")) for f in findings] == [(3, "Callable")]
    with pytest.raises(Skip, match="would be imported for type comments alone"):
        TypeArg().transform(text, findings, CodemodContext())
    text = text.replace("Callable, List", "Any, Callable, List")
    after = TypeArg().transform(text, findings, CodemodContext())
    assert after == text.replace("List[Callable]", "List[Callable[..., Any]]")
    (tmp_path / "pkg/checks.py").write_text(after)
    assert _mypy_package(tmp_path) == []
