"""Edge cases of removing a missing project from requirements files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from poetry.core.factory import Factory
from poetry.core.masonry.builders.wheel import WheelBuilder

from fixer.codemods.requirements.remove_requirement_line import RemoveRequirementLine
from fixer.model import CodemodContext, Finding

CODEMOD = RemoveRequirementLine()


def fix(text: str, *names: str) -> str:
    findings = tuple(
        Finding(kind="pip.no-matching-distribution", tool="pip", message="", details={"name": n})
        for n in names or ("types-foo",)
    )
    return CODEMOD.transform(text, findings, CodemodContext())


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param("a\r\ntypes-foo\r\nb\r\n", "a\r\nb\r\n", id="crlf"),
        pytest.param("a\rtypes-foo\rb\r", "a\rb\r", id="cr-only"),
        pytest.param("types-foo==1.0\n", "", id="only-line"),
        pytest.param("a\ntypes-foo", "a\n", id="last-line-without-newline"),
        pytest.param("Types.Foo>=1\nTYPES_FOO\n", "", id="pep503-normalization"),
        pytest.param("types-foo-bar\ntypes-foobar\n", "types-foo-bar\ntypes-foobar\n", id="prefix"),
        pytest.param("types-foo  # why\n# keep me\na\n", "# keep me\na\n", id="comments"),
        pytest.param(
            "# types-foo is needed\ntypes-foo\n",
            "# types-foo is needed\n",
            id="comment-line-mentioning-it-stays",
        ),
        pytest.param(
            'types-foo>=1; python_version < "3.12" and sys_platform != "win32"\na\n',
            "a\n",
            id="marker",
        ),
        pytest.param("types-foo[cli,x] ~= 1.0\na\n", "a\n", id="extras-spaces"),
        pytest.param(
            "types-foo==1 \\\n  --hash=sha256:aa \\\n  --hash=sha256:bb\n"
            "a==1 \\\n  --hash=sha256:cc\n",
            "a==1 \\\n  --hash=sha256:cc\n",
            id="hash-continuations",
        ),
        pytest.param(
            "types-foo==1\n    # via\n    #   -r requirements.in\n# top-level note\na==1\n",
            "# top-level note\na==1\n",
            id="pip-compile-annotations-go-with-it",
        ),
        pytest.param(
            "-r base.txt\n-c constraints.txt\n--index-url https://example.org/simple\n"
            "-e git+https://example.org/types-foo.git#egg=types-foo\n"
            "https://example.org/types_foo-1.0.tar.gz\n",
            "-r base.txt\n-c constraints.txt\n--index-url https://example.org/simple\n"
            "-e git+https://example.org/types-foo.git#egg=types-foo\n"
            "https://example.org/types_foo-1.0.tar.gz\n",
            id="options-editables-urls-stay",
        ),
        pytest.param(
            "types-foo @ https://example.org/types_foo-1.0.tar.gz\na\n",
            "a\n",
            id="direct-reference",
        ),
        pytest.param("a \\\n  >=1\ntypes-foo\n", "a \\\n  >=1\n", id="other-continued-line"),
        pytest.param("\ttypes-foo\t\n", "", id="tabs"),
    ],
)
def test_removes_declaring_lines(before: str, after: str) -> None:
    assert fix(before) == after
    assert fix(after) == after


def test_several_projects() -> None:
    assert fix("types-foo\na\ntypes-bar\n", "types-foo", "types-bar") == "a\n"


@pytest.mark.parametrize(
    ("path", "applies"),
    [
        ("requirements.txt", True),
        ("backend/requirements-dev.txt", True),
        ("dev-requirements.txt", True),
        ("requirements/test.txt", True),
        ("requirements.in", True),
        ("deps/dev.in", True),
        ("MANIFEST.in", False),
        ("notes.txt", False),
        ("pyproject.toml", False),
    ],
)
def test_applies_to(path: str, applies: bool) -> None:
    assert CODEMOD.applies_to(path) is applies


def test_real_pip_installs_after(tmp_path: Path) -> None:
    index = tmp_path / "index"
    WheelBuilder(Factory().create_poetry(demo_project(tmp_path / "dep"))).build(index)
    requirements = tmp_path / "requirements-dev.txt"
    before = "demo-dep>=1\r\ntypes-prometheus-client>=0.19.0 ; python_version >= '3'  # stubs\r\n"
    requirements.write_bytes(before.encode())
    pip = [sys.executable, "-m", "pip", "--isolated", "install", "--dry-run", "--no-index"]
    command = [*pip, "--no-cache-dir", "--find-links", str(index), "-r", str(requirements)]
    failed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert "No matching distribution found for types-prometheus-client" in failed.stderr
    after = fix(before, "types-prometheus-client")
    assert after == "demo-dep>=1\r\n"
    requirements.write_bytes(after.encode())
    installed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert installed.returncode == 0, installed.stderr
    assert "Would install demo-dep-1.0" in installed.stdout


def demo_project(folder: Path) -> Path:
    """A project that builds the one wheel of the test index, ``demo-dep`` 1.0."""
    (folder / "demo_dep").mkdir(parents=True)
    (folder / "demo_dep" / "__init__.py").write_text("")
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "demo-dep"\nversion = "1.0"\n'
        '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
    )
    return folder
