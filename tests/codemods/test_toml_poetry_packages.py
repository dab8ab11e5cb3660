"""PoetryPackages: edge cases, and the real poetry-core on the files before and after."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit
from poetry.core.factory import Factory
from poetry.core.masonry.builders.wheel import WheelBuilder
from poetry.core.masonry.utils.module import ModuleOrPackageNotFoundError

from fixer.codemods.base import Skip
from fixer.codemods.toml.poetry_packages import PoetryPackages
from fixer.model import CodemodContext, Finding

CODEMOD = PoetryPackages()
FINDING = Finding(
    kind="poetry.package-not-found",
    tool="poetry",
    message="No file/folder found for package backend",
    details={"package": "backend"},
)
PYPROJECT = (
    "[tool.poetry]\n"
    'name = "backend"\n'
    'version = "0.1.0"\n'
    'description = "Kyros Dashboard Backend API"\n'
    'authors = ["Dev <dev@example.org>"]\n'
    "\n"
    "[tool.poetry.dependencies]\n"
    'python = "^3.11"\n'
    "\n"
    "[build-system]\n"
    'requires = ["poetry-core>=2.0.0"]\n'
    'build-backend = "poetry.core.masonry.api"\n'
)


def fix(text: str, ctx: CodemodContext) -> str:
    return CODEMOD.transform(text, (FINDING,), ctx)


def project(tmp_path: Path, pyproject: str, *files: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(pyproject)
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    return tmp_path


def build_wheel(root: Path) -> Path:
    return WheelBuilder(Factory().create_poetry(root)).build(root / "dist")


@pytest.mark.parametrize(
    ("candidate", "files"),
    [
        pytest.param(("kyros", "src"), ("src/kyros/__init__.py",), id="src-layout"),
        pytest.param(("kyros_backend", "."), ("kyros_backend/__init__.py",), id="flat-layout"),
        pytest.param(("app.py", "."), ("app.py",), id="single-module"),
    ],
)
def test_poetry_core_builds_after_packages(
    tmp_path: Path, candidate: tuple[str, str], files: tuple[str, ...]
) -> None:
    root = project(tmp_path, PYPROJECT, *files)
    with pytest.raises(ModuleOrPackageNotFoundError, match="No file/folder found for package"):
        build_wheel(root)
    after = fix(PYPROJECT, CodemodContext(package_candidates=(candidate,)))
    (root / "pyproject.toml").write_text(after)
    assert build_wheel(root).name == "backend-0.1.0-py3-none-any.whl"


def test_poetry_core_accepts_package_mode_false(tmp_path: Path) -> None:
    root = project(tmp_path, PYPROJECT, "main.py")
    assert Factory().create_poetry(root).is_package_mode
    after = fix(PYPROJECT, CodemodContext(poetry_version=(1, 8, 0)))
    (root / "pyproject.toml").write_text(after)
    poetry = Factory().create_poetry(root)
    assert not poetry.is_package_mode
    assert Factory.validate(tomlkit.parse(after).unwrap(), strict=True)["errors"] == []
    # poetry-core will not build a non-package project at all: `poetry install` skips the root
    with pytest.raises(RuntimeError, match="not possible in non-package mode"):
        WheelBuilder(poetry)


ONE = CodemodContext(package_candidates=(("backend", "src"),))
LINE = 'packages = [{ include = "backend", from = "src" }]'


@pytest.mark.parametrize(
    ("before", "after", "ctx"),
    [
        pytest.param(
            '[tool.poetry]\r\nname = "b"\r\nversion = "1"\r\n\r\n[x]\r\n',
            f'[tool.poetry]\r\nname = "b"\r\nversion = "1"\r\n{LINE}\r\n\r\n[x]\r\n',
            ONE,
            id="crlf",
        ),
        pytest.param(
            '[tool.poetry]\n  name = "b"\n  readme = "R"  # r\n  include = ["x"]\n',
            f'[tool.poetry]\n  name = "b"\n  readme = "R"  # r\n  {LINE}\n  include = ["x"]\n',
            ONE,
            id="indented-after-metadata",
        ),
        pytest.param(
            '[tool.poetry]\ninclude = ["x"]\n\n[tool.poetry.group.dev]\noptional = true\n',
            f'[tool.poetry]\ninclude = ["x"]\n{LINE}\n\n[tool.poetry.group.dev]\noptional = true\n',
            ONE,
            id="no-metadata-end-of-table",
        ),
        pytest.param(
            '[tool.poetry]\nname = "b"\ndescription = """\n[not a table]\n"""\n\n[x]\n',
            f'[tool.poetry]\nname = "b"\ndescription = """\n[not a table]\n"""\n{LINE}\n\n[x]\n',
            ONE,
            id="after-multiline-string",
        ),
        pytest.param(
            '[tool.poetry]\nname = "b"\n[tool.black]\nx = 1\n[tool.poetry.group.dev]\noptional = true\n',
            f'[tool.poetry]\nname = "b"\n{LINE}\n[tool.black]\nx = 1\n'
            "[tool.poetry.group.dev]\noptional = true\n",
            ONE,
            id="tool-poetry-out-of-order",
        ),
        pytest.param(
            '[tool.poetry.group.dev]\noptional = true\n[tool.poetry]\nname = "b"\n'
            "package-mode = true\n[x]\n",
            f'[tool.poetry.group.dev]\noptional = true\n[tool.poetry]\nname = "b"\n{LINE}\n'
            "package-mode = true\n[x]\n",
            ONE,
            id="header-after-sub-table-package-mode-true-kept",
        ),
        pytest.param(
            '[tool.poetry.dependencies]\npython = "^3.11"\n',
            f'[tool.poetry]\n{LINE}\n\n[tool.poetry.dependencies]\npython = "^3.11"\n',
            ONE,
            id="only-sub-tables-header-added-above",
        ),
        pytest.param(
            '[project]\nname = "b"\n\n[build-system]\nrequires = ["poetry-core"]\n\n'
            '[tool.poetry.group.dev.dependencies]\npytest = "^8"\n',
            '[project]\nname = "b"\n\n[build-system]\nrequires = ["poetry-core"]\n\n'
            f'[tool.poetry]\n{LINE}\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n',
            ONE,
            id="only-sub-tables-after-build-system",
        ),
        pytest.param(
            '[project]\nname = "b"\n[build-system]\nbuild-backend = "poetry.core.masonry.api"',
            '[project]\nname = "b"\n[build-system]\nbuild-backend = "poetry.core.masonry.api"'
            f"\n\n[tool.poetry]\n{LINE}",
            ONE,
            id="new-table-no-final-newline",
        ),
        pytest.param(
            '[tool.poetry]\nname = "b"',
            f'[tool.poetry]\nname = "b"\n{LINE}',
            ONE,
            id="no-final-newline",
        ),
        pytest.param(
            '[tool.poetry]\nname = "b"\npackage-mode = true  # keep\n',
            '[tool.poetry]\nname = "b"\npackage-mode = false  # keep\n',
            CodemodContext(poetry_version=(2, 1, 1)),
            id="package-mode-true-flipped-in-place",
        ),
        pytest.param(
            '[tool.poetry]\nname = "b"\npackage-mode = false\n',
            '[tool.poetry]\nname = "b"\npackage-mode = false\n',
            ONE,
            id="already-non-package",
        ),
        pytest.param(
            '[tool.poetry]\nname = "b"\n',
            '[tool.poetry]\nname = "b"\npackages = [{ include = "we\\"ird" }]\n',
            CodemodContext(package_candidates=(('we"ird', "."),)),
            id="value-escaped",
        ),
    ],
)
def test_edits(before: str, after: str, ctx: CodemodContext) -> None:
    assert fix(before, ctx) == after
    assert fix(after, ctx) == after


@pytest.mark.parametrize(
    ("before", "ctx", "reason"),
    [
        pytest.param(PYPROJECT, CodemodContext(), "poetry install --no-root", id="version-unknown"),
        pytest.param(
            PYPROJECT, CodemodContext(poetry_version=(1, 7)), "Poetry 1.7", id="poetry-too-old"
        ),
        pytest.param(
            PYPROJECT,
            CodemodContext(package_candidates=(("a", "src"), ("b", "src")), poetry_version=(2,)),
            "several packages",
            id="ambiguous",
        ),
        pytest.param(
            '[tool]\npoetry.name = "b"\n\n[tool.poetry.group.dev]\noptional = true\n',
            ONE,
            "not be valid TOML",
            id="tool-poetry-from-dotted-keys",
        ),
        pytest.param(
            '[project]\nname = "b"\n[build-system]\nbuild-backend = "hatchling.build"\n',
            ONE,
            "poetry-core does not build",
            id="not-a-poetry-project",
        ),
        pytest.param('[tool.poetry\nname = "b"\n', ONE, "not valid TOML", id="invalid-toml"),
        pytest.param(
            PYPROJECT,
            CodemodContext(package_candidates=(("backend", ".."),)),
            "outside the project",
            id="package-is-the-project-folder",  # poetry-core: "not in the subpath of"
        ),
    ],
)
def test_skips(before: str, ctx: CodemodContext, reason: str) -> None:
    with pytest.raises(Skip, match=reason):
        fix(before, ctx)
