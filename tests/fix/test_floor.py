"""The runtime floor: the lowest Python a project's packaging metadata supports."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.fix.facts import context_for
from fixer.fix.floor import floor, lowest_of_poetry, lowest_of_specifier
from fixer.model import Finding
from fixer.snapshot import take

FILES = [
    pytest.param(
        {"setup.cfg": "[metadata]\nname = x\n\n[options]\npython_requires = >=3.7\n"},
        (3, 7),
        id="setup-cfg-python-requires",
    ),
    pytest.param(
        {"setup.cfg": "[metadata]\nclassifiers =\n    Programming Language :: Python :: 3\n"
         "    Programming Language :: Python :: 3.8\n    Programming Language :: Python :: 3.12\n"},
        (3, 8),
        id="setup-cfg-classifiers",
    ),
    pytest.param(
        {"setup.py": "from setuptools import setup\n\nsetup(name='x', python_requires='>=3.7.2, <4')\n"},
        (3, 7),
        id="setup-py-python-requires",
    ),
    pytest.param(
        {"setup.py": "import setuptools\n\nCLASSIFIERS = [\n"
         "    'Programming Language :: Python :: 3.9',\n    'Programming Language :: Python :: 3.8',\n"
         "]\nsetuptools.setup(name='x', classifiers=CLASSIFIERS)\n"},
        (3, 8),
        id="setup-py-classifiers-by-name",
    ),
    pytest.param(
        {"setup.py": "import sys\nsys.exit(1)\nsetup(python_requires=open('x').read())\n"},
        None,
        id="setup-py-is-never-run",
    ),
    pytest.param(
        {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.8,!=3.9.*"\n'
         "\n[tool.mypy]\npython_version = \"3.12\"\n"},
        (3, 8),
        id="requires-python-not-mypy",
    ),
    pytest.param(
        {"pyproject.toml": '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.7"\n'},
        (3, 7),
        id="poetry-caret",
    ),
    pytest.param(
        {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\nclassifiers = '
         '["Programming Language :: Python :: 3.9"]\n'},
        (3, 9),
        id="the-lowest-of-all-sources",
    ),
    pytest.param(
        {"pyproject.toml": '[tool.mypy]\npython_version = "3.8"\n'}, None, id="mypy-alone-is-no-floor"
    ),
]  # fmt: skip


@pytest.mark.parametrize(("files", "expected"), FILES)
def test_floor(tmp_path: Path, files: dict[str, str], expected: tuple[int, int] | None) -> None:
    assert floor(files) == expected
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert take(tmp_path).min_python("pkg/m.py") == expected  # as the run reads it


@pytest.mark.parametrize(
    ("text", "expected"),
    [(">=3.7", (3, 7)), ("~=3.8.1", (3, 8)), (">3.7", (3, 7)), ("==3.11.*", (3, 11)),
     (">=3.7.2,!=3.8.*", (3, 7)), ("not a specifier", None)],
)  # fmt: skip
def test_lowest_of_specifier(text: str, expected: tuple[int, int] | None) -> None:
    assert lowest_of_specifier(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("^3.7", (3, 7)), (">=3.7,<4", (3, 7)), ("~3.8", (3, 8)), ("3.9.*", (3, 9)),
     (">=3.10 || ~3.8", (3, 8)), ("^^bad", None)],
)  # fmt: skip
def test_lowest_of_poetry(text: str, expected: tuple[int, int] | None) -> None:
    assert lowest_of_poetry(text) == expected


def test_context_keeps_mypy_target_apart_and_looks_up_to_the_root(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[options]\npython_requires = >=3.7\n")
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "pyproject.toml").write_text('[tool.mypy]\npython_version = "3.12"\n')
    finding = Finding(kind="mypy.type-arg", tool="mypy", message="m", path="backend/app/x.py")
    snapshot = take(tmp_path)
    ctx = context_for(snapshot, finding, "backend/app/x.py")
    assert (ctx.min_python, ctx.mypy_python) == ((3, 7), (3, 12))
    assert snapshot.min_python("x.py") == (3, 7)
    assert snapshot.mypy_python("backend/x.py") == (3, 12)
    assert snapshot.mypy_python("x.py") is None
