"""Tell Poetry what to install when it finds no package named after the project.

``poetry install`` installs the project itself; with no ``packages`` setting it looks for
a package or module named like the project (beside ``pyproject.toml`` or under ``src/``)
and fails with ``No file/folder found for package NAME`` when there is none.

* exactly one package found on disk (``ctx.package_candidates``): declare it, as
  ``packages = [{ include = "...", from = "..." }]`` (``from`` left out for ``.``);
* none, and Poetry >= 1.8 is known to run (``ctx.poetry_version``): the project is only
  a set of dependencies, so ``package-mode = false``. Poetry 1.8 added the key; older
  Poetry rejects it, so with an older or unknown Poetry the codemod skips;
* several packages: which to ship is a person's choice, so it skips.

The new line goes after the last metadata key of ``[tool.poetry]`` (name, version,
description, authors, readme, ...; where Poetry's documentation lists ``packages``),
or at the end of the table's keys, with that table's indentation and line ending. It goes
into the table the ``[tool.poetry]`` header opens, wherever its sub-tables sit (Poetry
adds ``[tool.poetry.group.dev.dependencies]`` after ``[build-system]``). A Poetry 2
project that has no ``[tool.poetry]`` header (``poetry new`` puts the metadata in
``[project]``) gets one, above the first ``[tool.poetry.*]`` sub-table or at the end of
the file, when poetry-core builds it or Poetry tables show that Poetry reads it. A project that
already has ``packages`` (``[[tool.poetry.packages]]`` included) or ``package-mode =
false`` comes back unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any, ClassVar

import tomlkit

from fixer.codemods.base import Codemod, Example, Skip, newline_of
from fixer.codemods.toml import document, insert
from fixer.model import CodemodContext, Finding, Safety

# the kind of the examples' findings (a codemod is given only the findings of the kinds
# that name it: it never sorts them by kind)
KIND = "poetry.package-not-found"
METADATA_KEYS = (
    "name", "version", "description", "license", "authors", "maintainers", "readme",
    "homepage", "repository", "documentation", "keywords", "classifiers",
)  # fmt: skip


def _not_found(package: str = "backend") -> Finding:
    message = f"No file/folder found for package {package}"
    return Finding(kind=KIND, tool="poetry", message=message, details={"package": package})


_HEAD = '[tool.poetry]\nname = "backend"\nversion = "0.1.0"\ndescription = "API"\n'
_DEPS = '\n[tool.poetry.dependencies]\npython = "^3.11"\n'
# what `poetry new` and `poetry add --group dev` leave: sub-tables on both sides of
# [build-system], so tomlkit sees [tool.poetry] in two pieces
_REAL_HEAD = (
    '[tool.poetry]\r\nname = "backend"\r\nversion = "0.1.0"\r\ndescription = ""\r\n'
    'authors = ["Dev Team <dev@example.com>"]\r\nreadme = "README.md"  # shown on PyPI\r\n'
)
_REAL_TAIL = (
    '\r\n[tool.poetry.dependencies]\r\npython = "^3.11"\r\nfastapi = "^0.110"\r\n\r\n'
    '[tool.poetry.scripts]\r\nserve = "app.main:run"\r\n\r\n'
    '[build-system]\r\nrequires = ["poetry-core"]\r\n'
    'build-backend = "poetry.core.masonry.api"\r\n\r\n'
    "[tool.poetry.group.dev.dependencies]\r\n# linters\r\n"
    'pytest = "^8.3"\r\nruff = "^0.6"\r\n\r\n[tool.ruff]\r\nline-length = 100\r\n'
)
_V2_HEAD = (
    '[project]\nname = "backend"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
    'dependencies = ["fastapi (>=0.110,<1.0)"]\n\n[tool.poetry]\nrequires-poetry = ">=2.0"\n'
)
_V2_TAIL = (
    '\n[build-system]\nrequires = ["poetry-core>=2.0.0,<3.0.0"]\n'
    'build-backend = "poetry.core.masonry.api"\n\n'
    '[tool.poetry.group.dev.dependencies]\npytest = "^8.3.4"\n'
)


class PoetryPackages(Codemod):
    id: ClassVar[str] = "poetry_packages"
    language = "toml"
    safety: ClassVar[Safety] = Safety.REVIEW
    examples: ClassVar[tuple[Example, ...]] = (
        Example(
            "one-candidate-under-src",
            _HEAD + _DEPS,
            _HEAD + 'packages = [{ include = "backend", from = "src" }]\n' + _DEPS,
            (_not_found(),),
            path="backend/pyproject.toml",
            context=CodemodContext(package_candidates=(("backend", "src"),)),
        ),
        Example(
            "one-candidate-beside-pyproject-crlf",
            '[tool.poetry]\r\nname = "backend"\r\nauthors = [\r\n  "A <a@b.c>",\r\n]\r\n',
            '[tool.poetry]\r\nname = "backend"\r\nauthors = [\r\n  "A <a@b.c>",\r\n]\r\n'
            'packages = [{ include = "kyros_backend" }]\r\n',
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(package_candidates=(("kyros_backend", "."),)),
        ),
        Example(
            "dev-group-after-build-system-crlf",
            _REAL_HEAD + _REAL_TAIL,
            _REAL_HEAD + 'packages = [{ include = "backend", from = "src" }]\r\n' + _REAL_TAIL,
            (_not_found(),),
            path="backend/pyproject.toml",
            context=CodemodContext(package_candidates=(("backend", "src"),)),
        ),
        Example(
            "poetry-2-project-table",
            _V2_HEAD + _V2_TAIL,
            _V2_HEAD + "package-mode = false\n" + _V2_TAIL,
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(poetry_version=(2, 1, 3)),
        ),
        Example(
            "sub-table-before-header-package-mode-true",
            '[tool.poetry.dependencies]\npython = "^3.11"\n\n[tool.poetry]\nname = "backend"\n'
            'package-mode = true\n\n[build-system]\nrequires = ["poetry-core"]\n',
            '[tool.poetry.dependencies]\npython = "^3.11"\n\n[tool.poetry]\nname = "backend"\n'
            'packages = [{ include = "backend" }]\npackage-mode = true\n\n'
            '[build-system]\nrequires = ["poetry-core"]\n',
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(package_candidates=(("backend", "."),)),
        ),
        Example(
            "already-declared-after-build-system",
            _HEAD + _V2_TAIL + '\n[[tool.poetry.packages]]\ninclude = "app"\n',
            _HEAD + _V2_TAIL + '\n[[tool.poetry.packages]]\ninclude = "app"\n',
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(package_candidates=(("backend", "src"),)),
        ),
        Example(
            "poetry-2-no-tool-poetry-header",  # `poetry new`, then `poetry add --group dev`
            _V2_HEAD.replace('\n\n[tool.poetry]\nrequires-poetry = ">=2.0"', "") + _V2_TAIL,
            _V2_HEAD.replace('\n\n[tool.poetry]\nrequires-poetry = ">=2.0"', "")
            + _V2_TAIL.replace(
                "[tool.poetry.group", "[tool.poetry]\npackage-mode = false\n\n[tool.poetry.group"
            ),
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(poetry_version=(2, 1, 3)),
        ),
        Example(
            "poetry-2-no-poetry-table-at-all-crlf",
            '[project]\r\nname = "backend"\r\n\r\n[build-system]\r\n'
            'build-backend = "poetry.core.masonry.api"\r\n',
            '[project]\r\nname = "backend"\r\n\r\n[build-system]\r\n'
            'build-backend = "poetry.core.masonry.api"\r\n\r\n[tool.poetry]\r\n'
            'packages = [{ include = "backend", from = "src" }]\r\n',
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(package_candidates=(("backend", "src"),)),
        ),
        Example(
            "not-built-by-poetry",
            '[project]\nname = "backend"\n\n[build-system]\n'
            'build-backend = "setuptools.build_meta"\n',
            '[project]\nname = "backend"\n\n[build-system]\n'
            'build-backend = "setuptools.build_meta"\n',
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(poetry_version=(2, 1, 3)),
            skip=True,
        ),
        Example(
            "no-candidate-poetry-1.8",
            _HEAD + _DEPS,
            _HEAD + "package-mode = false\n" + _DEPS,
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(poetry_version=(1, 8, 3)),
        ),
        Example(
            "already-declared",
            _HEAD + 'packages = [{ include = "app" }]\n' + _DEPS,
            _HEAD + 'packages = [{ include = "app" }]\n' + _DEPS,
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(package_candidates=(("backend", "src"),)),
        ),
        Example(
            "no-candidate-old-poetry",
            _HEAD + _DEPS,
            _HEAD + _DEPS,
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(poetry_version=(1, 7, 1)),
            skip=True,
        ),
        Example(
            "several-candidates",
            _HEAD + _DEPS,
            _HEAD + _DEPS,
            (_not_found(),),
            path="pyproject.toml",
            context=CodemodContext(package_candidates=(("api", "src"), ("worker", "src"))),
            skip=True,
        ),
    )

    def applies_to(self, path: str) -> bool:
        return PurePosixPath(path).name == "pyproject.toml"

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        if text and not text.endswith("\n"):  # edit as if the last line ended, then undo that
            eol = newline_of(text)
            return self.transform(text + eol, findings, ctx).removesuffix(eol)
        doc = document.parse(text)
        merged = document.table(doc, "tool", "poetry") or {}
        if "packages" in merged or merged.get("package-mode") is False:
            return text
        poetry = document.header_table(doc, "tool", "poetry")
        if poetry is None and not _uses_poetry(doc.unwrap()):
            raise Skip("no [tool.poetry] table and poetry-core does not build this project")
        key, value = _setting(ctx, _package(findings))
        expected = doc.unwrap()
        new = tomlkit.parse(f"v = {value}").unwrap()["v"]
        expected.setdefault("tool", {}).setdefault("poetry", {})[key] = new
        if poetry is None:  # Poetry 2 reads [project]; `poetry new` writes no [tool.poetry]
            after, block = insert.add_table(text, "tool", "poetry", line=f"{key} = {value}")
            same_shape = document.one_line_inserted(text, after, block)
        elif key == "package-mode" and "package-mode" in poetry:
            poetry["package-mode"] = False
            after = tomlkit.dumps(doc)
            same_shape = after.count("\n") == text.count("\n")
        else:
            line = f"{key} = {value}"
            after, line = insert.insert_key(doc, poetry, text, line, METADATA_KEYS)
            same_shape = document.one_line_inserted(text, after, line)
        if document.reparse(after) != expected or not same_shape:
            raise Skip(f"could not set tool.poetry.{key} without touching other text")
        return after


def _package(findings: Sequence[Finding]) -> str:
    names = {f.details.get("package", "") for f in findings}
    return ", ".join(sorted(n for n in names if n)) or "the project"


def _setting(ctx: CodemodContext, package: str) -> tuple[str, str]:
    """The key and TOML value to add, or :class:`Skip` when no fix is certain."""
    if len(ctx.package_candidates) > 1:
        found = ", ".join(f"{frm}/{inc}" for inc, frm in ctx.package_candidates)
        raise Skip(f"several packages could be {package} ({found}); declare `packages` by hand")
    if ctx.package_candidates:
        include, source = ctx.package_candidates[0]
        if not _inside_project(include) or not _inside_project(source):
            raise Skip(f"{source}/{include} is outside the project; Poetry cannot package it")
        entry = f"include = {tomlkit.string(include).as_string()}"
        if source not in (".", ""):
            entry += f", from = {tomlkit.string(source).as_string()}"
        return "packages", f"[{{ {entry} }}]"
    if ctx.poetry_version is not None and ctx.poetry_version[:2] >= (1, 8):
        return "package-mode", "false"
    known = ".".join(map(str, ctx.poetry_version)) if ctx.poetry_version else "unknown"
    raise Skip(
        f"no package for {package} on disk and Poetry {known} may not know `package-mode`"
        " (added in 1.8): the workflow should install with `poetry install --no-root`"
    )


def _uses_poetry(data: dict[str, Any]) -> bool:
    """Whether Poetry builds the project: poetry-core as its backend, or Poetry tables."""
    build, tool = data.get("build-system"), data.get("tool")
    backend = build.get("build-backend", "") if isinstance(build, dict) else ""
    return str(backend).startswith("poetry") or (isinstance(tool, dict) and "poetry" in tool)


def _inside_project(path: str) -> bool:
    """Poetry builds only files below the pyproject's folder."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    return bool(path) and ".." not in parts and not PurePosixPath(path).is_absolute()
