"""Remove a project that the package index does not have from ``pyproject.toml``.

pip's ``No matching distribution found for X`` means nothing on the index satisfies the
declaration. The declaration is removed from every place this file declares the project:
``[project].dependencies``, ``[project.optional-dependencies]``, ``[dependency-groups]``,
``[tool.uv].dev-dependencies``, Poetry's ``dependencies``, ``dev-dependencies``,
``group.*.dependencies`` and the ``[tool.poetry.extras]`` lists that name it. Even when
the log shows it failing in one extra, it goes from all of them: the same declaration
would fail as soon as another extra or group is installed. ``[build-system].requires``
is never touched. Poetry's sub-tables are found wherever they sit in the file (after
``[build-system]`` is common): tomlkit merges a table's pieces, and deleting through the
merge deletes from the piece that holds the key.

Names match after PEP 503 normalization, and PEP 508 strings are read with
``packaging`` (extras, versions, markers, URLs). A comment on the removed item's own
line goes with it; every other byte stays. A file that does not declare the project
comes back unchanged, since the app offers every candidate ``pyproject.toml``. When the
finding lists versions the index does have (``details["versions"]``), the constraint
and not the project is wrong: that is a person's call, so the codemod skips.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import ClassVar

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from fixer.codemods.base import Codemod, Example, Skip
from fixer.codemods.toml import document
from fixer.model import CodemodContext, Finding, Safety
from fixer.requirements import remove_declarations

# the kind of the examples' findings (a codemod is given only the findings of the kinds
# that name it: it never sorts them by kind)
KIND = "pip.no-matching-distribution"


def _missing(requirement: str, extra: str = "", versions: str = "none") -> Finding:
    name = canonicalize_name(Requirement(requirement).name)
    details = {"name": name, "requirement": requirement, "versions": versions}
    if extra:
        details["extra"] = extra
    message = f"No matching distribution found for {requirement}"
    return Finding(kind=KIND, tool="pip", message=message, details=details)


class RemoveTomlRequirement(Codemod):
    id: ClassVar[str] = "remove_requirement"
    language = "toml"
    safety: ClassVar[Safety] = Safety.REVIEW
    examples: ClassVar[tuple[Example, ...]] = (
        Example(
            "pep621-extra-multiline",
            '[project]\nname = "app"\n\n[project.optional-dependencies]\ndev = [\n'
            '    "mypy>=1.10",\n    "types-prometheus-client>=0.19.0",  # stubs\n'
            '    "types-PyYAML>=6.0.0",\n]\n',
            '[project]\nname = "app"\n\n[project.optional-dependencies]\ndev = [\n'
            '    "mypy>=1.10",\n    "types-PyYAML>=6.0.0",\n]\n',
            (_missing("types-prometheus-client>=0.19.0", extra="dev"),),
            path="backend/pyproject.toml",
        ),
        Example(
            "single-line-array-normalized-name",
            '[project]\ndependencies = ["httpx", "Types_Prometheus.Client>=0.19", "rich"]\n',
            '[project]\ndependencies = ["httpx", "rich"]\n',
            (_missing("types-prometheus-client>=0.19.0"),),
            path="pyproject.toml",
        ),
        Example(
            "poetry-tables-crlf",
            '[tool.poetry.dependencies]\r\npython = "^3.11"\r\nfastapi = "^0.110"\r\n\r\n'
            "[tool.poetry.group.dev.dependencies]\r\n"
            'types-prometheus-client = { version = "^0.19", optional = true }  # stubs\r\n'
            'pytest = "^8"\r\n',
            '[tool.poetry.dependencies]\r\npython = "^3.11"\r\nfastapi = "^0.110"\r\n\r\n'
            '[tool.poetry.group.dev.dependencies]\r\npytest = "^8"\r\n',
            (_missing("types-prometheus-client>=0.19.0"),),
            path="pyproject.toml",
        ),
        Example(
            "poetry-dev-group-after-build-system",  # the layout `poetry add --group dev` leaves
            '[tool.poetry]\nname = "backend"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\n'
            'python = "^3.11"\n\n[tool.poetry.group.dev]\noptional = true\n\n[build-system]\n'
            'requires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n\n'
            "[tool.poetry.group.dev.dependencies]\n"
            'mypy = "^1.10"\ntypes-prometheus-client = "^0.19.0"  # stubs\n\n[tool.mypy]\n',
            '[tool.poetry]\nname = "backend"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\n'
            'python = "^3.11"\n\n[tool.poetry.group.dev]\noptional = true\n\n[build-system]\n'
            'requires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n\n'
            '[tool.poetry.group.dev.dependencies]\nmypy = "^1.10"\n\n[tool.mypy]\n',
            (_missing("types-prometheus-client>=0.19.0"),),
            path="backend/pyproject.toml",
        ),
        Example(
            "poetry-dependency-table-and-extra-after-build-system",
            '[tool.poetry]\nname = "app"\n\n[build-system]\nrequires = ["poetry-core"]\n\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\n\n'
            '[tool.poetry.dependencies.types-foo]\nversion = "^1"\noptional = true\n\n'
            '[tool.poetry.extras]\nstubs = ["types-foo", "rich"]\n',
            '[tool.poetry]\nname = "app"\n\n[build-system]\nrequires = ["poetry-core"]\n\n'
            '[tool.poetry.dependencies]\npython = "^3.10"\n\n[tool.poetry.extras]\n'
            'stubs = ["rich"]\n',
            (_missing("types-foo"),),
            path="pyproject.toml",
        ),
        Example(
            "dependency-group-keeps-include",
            '[dependency-groups]\ntest = ["pytest"]\n'
            'dev = [{ include-group = "test" }, "types-foo; python_version < \'3.12\'"]\n',
            '[dependency-groups]\ntest = ["pytest"]\ndev = [{ include-group = "test" }]\n',
            (_missing("types-foo"),),
            path="pyproject.toml",
        ),
        Example(
            "not-declared-here",
            '[project]\nname = "app"\ndependencies = ["types-foo-bar", "foo[cli]>=1"]\n',
            '[project]\nname = "app"\ndependencies = ["types-foo-bar", "foo[cli]>=1"]\n',
            (_missing("types-foo>=1"),),
            path="pyproject.toml",
        ),
        Example(
            "invalid-toml",
            '[project\ndependencies = ["types-foo"]\n',
            '[project\ndependencies = ["types-foo"]\n',
            (_missing("types-foo"),),
            path="pyproject.toml",
            skip=True,
        ),
        Example(
            "index-has-other-versions",
            '[project]\ndependencies = ["foo>=99"]\n',
            '[project]\ndependencies = ["foo>=99"]\n',
            (_missing("foo>=99", versions="1.0, 2.0"),),
            path="pyproject.toml",
            skip=True,
        ),
    )

    def applies_to(self, path: str) -> bool:
        return PurePosixPath(path).name == "pyproject.toml"

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        names = target_names(findings)
        doc = document.parse(text)
        expected = doc.unwrap()
        removed = 0
        for name in names:
            removed += remove_declarations(doc, name)
            remove_declarations(expected, name)
        if not removed:
            return text
        after = tomlkit.dumps(doc)
        if document.reparse(after) != expected or not document.only_deletions(text, after):
            raise Skip("tomlkit could not remove the declaration without touching other text")
        return after


def target_names(findings: Sequence[Finding]) -> list[str]:
    """The normalized project names the findings ask to remove."""
    names: list[str] = []
    for finding in findings:
        name = finding.details.get("name") or _name_of(finding.details.get("requirement", ""))
        if not name:
            raise Skip("the finding does not say which project is missing")
        versions = finding.details.get("versions", "none").strip()
        if versions and versions != "none":
            raise Skip(
                f"the index has {name} ({versions}); the version constraint is wrong,"
                " not the project: choose a version by hand"
            )
        names.append(canonicalize_name(name))
    return names


def _name_of(requirement: str) -> str:
    try:
        return canonicalize_name(Requirement(requirement).name)
    except InvalidRequirement:
        return ""
