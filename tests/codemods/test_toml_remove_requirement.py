"""Edge cases of removing a missing project from pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from poetry.core.factory import Factory
from poetry.core.masonry.builders.wheel import WheelBuilder

from fixer.codemods.base import Skip
from fixer.codemods.toml.remove_requirement import RemoveTomlRequirement
from fixer.model import CodemodContext, Finding

CODEMOD = RemoveTomlRequirement()


def missing(name: str = "types-foo", **details: str) -> Finding:
    details = {"name": name, "requirement": f"{name}>=1", **details}
    return Finding(kind="pip.no-matching-distribution", tool="pip", message="", details=details)


def fix(text: str, *findings: Finding) -> str:
    return CODEMOD.transform(text, findings or (missing(),), CodemodContext())


CASES = [
    pytest.param(
        '[project]\r\ndependencies = [\r\n    "a",\r\n'
        '    "types-foo",  # stubs\r\n    "b",\r\n]\r\n',
        '[project]\r\ndependencies = [\r\n    "a",\r\n    "b",\r\n]\r\n',
        id="crlf-multiline-with-own-comment",
    ),
    pytest.param(
        '[project]\ndependencies = [\n    "a",\n    # typing stubs\n    "types-foo",\n]\n',
        '[project]\ndependencies = [\n    "a",\n    # typing stubs\n]\n',
        id="comment-on-other-line-stays",
    ),
    pytest.param(
        '[project]\ndependencies = [\n    "a",\n    "types-foo"\n]\n',
        '[project]\ndependencies = [\n    "a",\n]\n',
        id="last-item-without-trailing-comma",
    ),
    pytest.param(
        '[project]\ndependencies = [\n    "a", "types-foo",\n    "b",\n]\n',
        '[project]\ndependencies = [\n    "a",\n    "b",\n]\n',
        id="two-items-on-one-line",
    ),
    pytest.param(
        '[project]\ndependencies = ["types-foo", "a"]\n',
        '[project]\ndependencies = ["a"]\n',
        id="single-line-first-item",
    ),
    pytest.param(
        '[project]\ndependencies = ["a","types-foo","b"]\n',
        '[project]\ndependencies = ["a","b"]\n',
        id="single-line-no-spaces",
    ),
    pytest.param(
        '[project]\ndependencies = ["types-foo"]  # only one\n',
        "[project]\ndependencies = []  # only one\n",
        id="single-line-only-item-keeps-line-comment",
    ),
    pytest.param(
        '[project]\ndependencies = ["a", "Types_.Foo>=1", "types-foo-bar"]\n',
        '[project]\ndependencies = ["a", "types-foo-bar"]\n',
        id="pep503-normalization-not-prefix",
    ),
    pytest.param(
        "[project]\ndependencies = [\n    \"types-foo[x]>=1; python_version < '3.12'\",\n]\n",
        "[project]\ndependencies = [\n]\n",
        id="extras-and-marker",
    ),
    pytest.param(
        '[project]\ndependencies = ["types-foo @ https://example.org/types_foo-1-py3-none-any.whl"]\n',
        "[project]\ndependencies = []\n",
        id="direct-url",
    ),
    pytest.param(
        '[project.optional-dependencies]\ndev = ["types-foo"]\ntest = ["pytest", "types-foo>=2"]\n'
        '[dependency-groups]\nlint = ["types-foo"]\n[tool.uv]\ndev-dependencies = ["types-foo"]\n',
        '[project.optional-dependencies]\ndev = []\ntest = ["pytest"]\n'
        "[dependency-groups]\nlint = []\n[tool.uv]\ndev-dependencies = []\n",
        id="every-extra-and-group",
    ),
    pytest.param(
        '[tool.poetry.dependencies]\npython = "^3.11"\ntypes-foo = "^1.0"\nhttpx = "*"\n',
        '[tool.poetry.dependencies]\npython = "^3.11"\nhttpx = "*"\n',
        id="poetry-string-constraint",
    ),
    pytest.param(
        '[tool.poetry.dependencies]\npython = "^3.11"\n'
        'types-foo = { version = "^1", optional = true }  # stubs\n\n'
        '[tool.poetry.extras]\ntyping = ["types-foo", "mypy"]\n',
        '[tool.poetry.dependencies]\npython = "^3.11"\n\n[tool.poetry.extras]\ntyping = ["mypy"]\n',
        id="poetry-inline-table-and-extras",
    ),
    pytest.param(
        '[tool.poetry.dev-dependencies]\n"Types_Foo" = "^1"\n\n'
        '[tool.poetry.group.lint.dependencies]\ntypes-foo = "^1"\nruff = "*"\n',
        '[tool.poetry.dev-dependencies]\n\n[tool.poetry.group.lint.dependencies]\nruff = "*"\n',
        id="poetry-dev-and-group-quoted-key",
    ),
    pytest.param(
        '[tool.poetry.dependencies]\npython = "^3.11"\n\n'
        '[tool.poetry.dependencies.types-foo]\nversion = "^1"\noptional = true\n\n'
        '[build-system]\nrequires = ["poetry-core", "types-foo"]\n',
        '[tool.poetry.dependencies]\npython = "^3.11"\n\n'
        '[build-system]\nrequires = ["poetry-core", "types-foo"]\n',
        id="poetry-sub-table-build-system-untouched",
    ),
    pytest.param(
        '[tool.poetry.dependencies]\ntypes-foo = "^1"\n\n[tool.black]\nline-length = 100\n\n'
        '[tool.poetry.group.dev.dependencies]\ntypes-foo = "^1"\npytest = "*"\n',
        "[tool.poetry.dependencies]\n\n[tool.black]\nline-length = 100\n\n"
        '[tool.poetry.group.dev.dependencies]\npytest = "*"\n',
        id="poetry-tables-out-of-order",
    ),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_removes_only_the_declaration(before: str, after: str) -> None:
    assert fix(before) == after
    assert fix(after) == after


def test_extra_in_finding_still_removes_everywhere() -> None:
    before = (
        '[project]\ndependencies = ["types-foo"]\n'
        '[project.optional-dependencies]\ndev = ["types-foo"]\n'
    )
    after = "[project]\ndependencies = []\n[project.optional-dependencies]\ndev = []\n"
    assert fix(before, missing(extra="dev")) == after


def test_name_from_requirement_when_details_lack_it() -> None:
    finding = Finding(
        kind="pip.no-matching-distribution",
        tool="pip",
        message="",
        details={"requirement": "Types-Foo>=0.19.0; extra == 'dev'"},
    )
    assert fix('[project]\ndependencies = ["a", "types-foo"]\n', finding) == (
        '[project]\ndependencies = ["a"]\n'
    )


def test_python_is_never_removed() -> None:
    text = '[tool.poetry.dependencies]\npython = "^3.11"\n'
    assert fix(text, missing("python")) == text


def test_two_findings_one_pass() -> None:
    before = '[project]\ndependencies = ["types-foo", "a", "types-bar"]\n'
    assert fix(before, missing(), missing("types-bar")) == '[project]\ndependencies = ["a"]\n'


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param('[project]\ndependencies = ["a",\n', "not valid TOML", id="invalid-toml"),
        pytest.param("a = 1\na = 2\n", "not valid TOML", id="duplicate-key"),
    ],
)
def test_invalid_toml_skips(text: str, reason: str) -> None:
    with pytest.raises(Skip, match=reason):
        fix(text)


def test_finding_without_a_name_skips() -> None:
    finding = Finding(kind="pip.no-matching-distribution", tool="pip", message="")
    with pytest.raises(Skip, match="which project"):
        fix('[project]\ndependencies = ["a"]\n', finding)


def test_applies_to_pyproject_only() -> None:
    assert CODEMOD.applies_to("backend/pyproject.toml")
    assert not CODEMOD.applies_to("backend/poetry.lock")
    assert not CODEMOD.applies_to("requirements.txt")


def demo_index(tmp_path: Path) -> Path:
    """A folder of wheels (a pip ``--find-links`` index) that has only ``demo-dep`` 1.0."""
    dep = tmp_path / "dep"
    (dep / "demo_dep").mkdir(parents=True)
    (dep / "demo_dep" / "__init__.py").write_text("")
    (dep / "pyproject.toml").write_text(
        '[project]\nname = "demo-dep"\nversion = "1.0"\n'
        '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
    )
    WheelBuilder(Factory().create_poetry(dep)).build(tmp_path / "index")
    return tmp_path / "index"


def pip_dry_run(index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``pip install --dry-run`` offline, ignoring the machine's pip configuration."""
    pip = [sys.executable, "-m", "pip", "--isolated", "install", "--dry-run", "--no-index"]
    options = ["--no-cache-dir", "--no-build-isolation", "--find-links", str(index)]
    return subprocess.run(
        [*pip, *options, *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_real_pip_installs_after(tmp_path: Path) -> None:
    project = tmp_path / "backend"
    (project / "app").mkdir(parents=True)
    (project / "app" / "__init__.py").write_text("")
    before = (
        '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["demo-dep>=1"]\n\n'
        '[project.optional-dependencies]\ndev = [\n    "demo-dep",\n'
        '    "types-prometheus-client>=0.19.0",  # stubs\n]\n\n'
        '[tool.poetry]\npackages = [{ include = "app" }]\n\n'
        '[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n'
    )
    (project / "pyproject.toml").write_text(before)
    index = demo_index(tmp_path)
    failed = pip_dry_run(index, "-e", f"{project}[dev]")
    assert failed.returncode == 1
    assert "No matching distribution found for types-prometheus-client>=0.19.0" in failed.stderr
    after = fix(before, missing("types-prometheus-client", extra="dev"))
    assert after == before.replace('    "types-prometheus-client>=0.19.0",  # stubs\n', "")
    (project / "pyproject.toml").write_text(after)
    installed = pip_dry_run(index, "-e", f"{project}[dev]")
    assert installed.returncode == 0, installed.stderr
    assert "Would install app-0.1.0 demo-dep-1.0" in installed.stdout
