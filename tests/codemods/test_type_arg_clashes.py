"""Names the type_arg codemod adds never clash with the module's own, proven by real mypy
and, where the annotation runs, by importing the module on the oldest Python installed.

A class that defines its own ``List`` (a nested ``class List(list)``) makes ``List`` in
its methods' annotations that class: a string annotation stands there; a module that
binds ``Any`` itself gets ``from typing import Any as _Any``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from fixer.codemods.python.type_arg import TypeArg
from fixer.model import CodemodContext
from tests.codemods.test_type_arg_real_mypy import mypy

OLDEST = next(
    (
        p
        for v in ("3.7.16", "3.8.18")
        if (p := Path(f"/root/.pyenv/versions/{v}/bin/python")).is_file()
    ),
    None,
)

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
