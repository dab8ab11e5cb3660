"""Which version of a tool the project's CI ran, in the order the README gives, and its
install apart with uv (real installs, in the session's cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.diagnose.toolversions import versions_in
from fixer.errors import ToolError
from fixer.forge.tools import Pinned, install, installed, pinned
from tests.support.tools import RUFF


def _pin(
    files: dict[str, str],
    workdir: str = "",
    details: dict[str, str] | None = None,
    tool: str = "ruff",
) -> tuple[str, str] | None:
    found = pinned(tool, details or {}, workdir, files, files.get)
    return (found.version, found.source) if found else None


UV_LOCK = '[[package]]\nname = "ruff"\nversion = "0.14.2"\nsource = { registry = "x" }\n'
POETRY_LOCK = '[[package]]\nname = "black"\nversion = "24.10.0"\n'
PRE_COMMIT = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.13.1
    hooks: [{id: ruff-format}]
  - repo: https://github.com/PyCQA/isort
    rev: 5.13.2
    hooks: [{id: isort}]
"""


@pytest.mark.parametrize(
    ("files", "workdir", "tool", "want"),
    [
        ({"uv.lock": UV_LOCK}, "", "ruff", ("0.14.2", "uv.lock")),
        ({"api/uv.lock": UV_LOCK}, "api", "ruff", ("0.14.2", "api/uv.lock")),
        ({"poetry.lock": POETRY_LOCK}, "api/src", "black", ("24.10.0", "poetry.lock")),
        (
            {"requirements-dev.txt": "pytest\nruff == 0.12.0  # lint\n"},
            "",
            "ruff",
            ("0.12.0", "requirements-dev.txt"),
        ),
        (
            {"requirements/lint.txt": "Black[jupyter]==24.1.1\n"},
            "",
            "black",
            ("24.1.1", "requirements/lint.txt"),
        ),
        (
            {".pre-commit-config.yaml": PRE_COMMIT},
            "",
            "ruff",
            ("0.13.1", ".pre-commit-config.yaml"),
        ),
        (
            {".pre-commit-config.yaml": PRE_COMMIT},
            "",
            "isort",
            ("5.13.2", ".pre-commit-config.yaml"),
        ),
        (
            {"pyproject.toml": '[project.optional-dependencies]\ndev = ["ruff==0.9.1"]\n'},
            "",
            "ruff",
            ("0.9.1", "pyproject.toml"),
        ),
        (
            {"pyproject.toml": '[tool.poetry.group.dev.dependencies]\nblack = "23.12.1"\n'},
            "",
            "black",
            ("23.12.1", "pyproject.toml"),
        ),
        # the lock file comes before the pre-commit hook and the pin
        (
            {"uv.lock": UV_LOCK, ".pre-commit-config.yaml": PRE_COMMIT},
            "",
            "ruff",
            ("0.14.2", "uv.lock"),
        ),
        # no exact version: nothing is guessed
        ({"pyproject.toml": '[dependency-groups]\ndev = ["ruff>=0.9"]\n'}, "", "ruff", None),
        ({"pyproject.toml": '[tool.poetry.dependencies]\nblack = "^24.1"\n'}, "", "black", None),
        ({"requirements.txt": "ruff~=0.14\n", "uv.lock": POETRY_LOCK}, "", "ruff", None),
        (
            {"package-lock.json": '{"packages": {"node_modules/prettier": {"version": "3.3.3"}}}'},
            "",
            "prettier",
            ("3.3.3", "package-lock.json"),
        ),
    ],
)
def test_the_version_is_read_from_the_repository(
    files: dict[str, str], workdir: str, tool: str, want: tuple[str, str] | None
) -> None:
    assert _pin(files, workdir, tool=tool) == want


def test_the_log_comes_first() -> None:
    assert _pin({"uv.lock": UV_LOCK}, details={"tool_version": "0.15.0"}) == ("0.15.0", "the log")


@pytest.mark.parametrize(
    ("line", "want"),
    [
        (
            "Successfully installed black-24.10.0 click-8.1.7 ruff-0.14.2",
            [("black", "24.10.0"), ("ruff", "0.14.2")],
        ),
        (" + ruff==0.14.2", [("ruff", "0.14.2")]),
        ("  - Installing isort (5.13.2)", [("isort", "5.13.2")]),
        ("ruff 0.14.2", [("ruff", "0.14.2")]),
        ("black, 24.10.0 (compiled: yes)", [("black", "24.10.0")]),
        ("python -m black, 24.10.0 (compiled: yes)", [("black", "24.10.0")]),
        ("Successfully installed ruff-lsp-0.0.50", []),
        ("ruff 0.14.2 is great, says the README", []),
    ],
)
def test_the_log_lines_that_name_a_version(line: str, want: list[tuple[str, str]]) -> None:
    assert versions_in(line) == want


def test_isorts_banner_needs_the_banner() -> None:
    assert versions_in("                    VERSION 5.13.2", ["isort your imports, so you"]) == [
        ("isort", "5.13.2")
    ]
    assert versions_in("                    VERSION 5.13.2", ["something else"]) == []


def test_a_version_is_installed_once(tool_cache: Path) -> None:
    python = install(RUFF)
    assert python == installed(RUFF)
    assert tool_cache / "tools" / "ruff-0.14.2" in python.parents
    stamp = python.parent.parent.stat().st_mtime_ns
    assert install(RUFF) == python and python.parent.parent.stat().st_mtime_ns == stamp
    assert not [p for p in (tool_cache / "tools").iterdir() if p.name.startswith(".")]


def test_a_version_that_does_not_exist_is_a_tool_error(tool_cache: Path) -> None:
    with pytest.raises(ToolError, match=r"ruff==0\.0\.999"):
        install(Pinned("ruff", "0.0.999", "tests"))
    assert installed(Pinned("ruff", "0.0.999", "tests")) is None
    assert not [p for p in (tool_cache / "tools").iterdir() if p.name.startswith(".")]
