"""Which imported names the rest of a project uses: each way of reaching a module's
names from another file, on small trees written to disk."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fixer.fix.facts import keep_imports
from fixer.fix.project_index import module_names, project, relative_key
from fixer.snapshot import Snapshot, take

REGISTRY = "from app.core import Plugin, Hook\nimport os\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text))
    return root


SNAPSHOTS: dict[Path, Snapshot] = {}


def snapshot(root: Path) -> Snapshot:
    """The tree's snapshot, taken once (as a run takes it), so its index is reused."""
    if root not in SNAPSHOTS:
        SNAPSHOTS[root] = take(root)
    return SNAPSHOTS[root]


def kept(root: Path, path: str) -> dict[str, str]:
    return dict(keep_imports(snapshot(root), path))


@pytest.mark.parametrize(
    ("importer", "text", "names", "where"),
    [
        ("app/a.py", "from app.registry import Plugin\n", {"Plugin"}, "app/a.py:1 imports it"),
        ("app/a.py", "from .registry import Hook\n", {"Hook"}, "app/a.py:1 imports it"),
        ("app/sub/a.py", "from ..registry import Hook\n", {"Hook"}, "imports it"),
        ("app/a.py", "from . import registry\nregistry.Plugin\n", {"Plugin"}, "`registry.Plugin`"),
        ("b.py", "from app import registry as r\nr.Hook\n", {"Hook"}, "uses it as `r.Hook`"),
        ("b.py", "import app.registry\napp.registry.Plugin\n", {"Plugin"}, "`app.registry.Plugin`"),
        ("b.py", "import app.registry as m\nm.os.sep\n", {"os"}, "uses it as `m.os`"),
        ("b.py", "from app import registry\ngetattr(registry, 'Hook')\n", {"Hook"}, "in a call"),
        ("t.py", "from unittest import mock\nmock.patch('app.registry.os')\n", {"os"}, "names"),
        (
            "b.py",
            "from app import (\n    core,\n    registry,\n)\nregistry.Hook\n",
            {"Hook"},
            "`registry.Hook`",
        ),
        (
            "b.py",
            "import app.core, \\\n    app.registry\napp.registry.os\n",
            {"os"},
            "`app.registry.os`",
        ),
        ("b.py", "from app.registry import *\n", {"Plugin", "Hook", "os"}, "imports * from it"),
        ("b.py", "import importlib\nimportlib.import_module('app.registry')\n", {"os"}, "run time"),
        (
            "b.py",
            "from importlib import import_module\nm = import_module('app.registry')\nm.Hook\n",
            {"Hook"},
            "uses it as `m.Hook`",
        ),
        (
            "b.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.registry import Hook\n",
            {"Hook"},
            "b.py:3 imports it",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and "\n" in v else "",
)
def test_a_use_from_another_module_keeps_the_name(
    tmp_path: Path, importer: str, text: str, names: set[str], where: str
) -> None:
    root = tree(tmp_path, {"app/__init__.py": "", "app/registry.py": REGISTRY, importer: text})
    found = kept(root, "app/registry.py")
    assert names <= set(found)
    assert all(where in found[n] for n in names)


@pytest.mark.parametrize(
    "text",
    [
        "import registry_tools\nregistry_tools.Plugin\n",  # another module's name
        "from app.core import Plugin\n",  # the source, not this module
        "from app import registry\nprint(registry)\n",  # the module, none of its names
        "# see registry.Plugin\nlog = 'app.registry'\n",  # prose and a logger name
        "import importlib\nimportlib.import_module('app.registry').Other\n",  # another name
    ],
)
def test_no_use_keeps_nothing(tmp_path: Path, text: str) -> None:
    root = tree(tmp_path, {"app/__init__.py": "", "app/registry.py": REGISTRY, "b.py": text})
    assert kept(root, "app/registry.py") == {}


def test_module_names_and_relative_keys() -> None:
    assert module_names("src/pkg/m.py") == ("m", "pkg.m", "src.pkg.m")
    assert module_names("pkg/__init__.py") == ("pkg",)
    assert module_names("my-tools/pkg/m.pyi") == ("m", "pkg.m")
    assert relative_key("pkg/sub/x.py", 2, "a.b") == "pkg/a/b"
    assert relative_key("x.py", 1, None) == "."


def test_src_layout(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "src/pkg/__init__.py": "",
            "src/pkg/api.py": "from pkg.core import run\n",
            "tests/test_api.py": "from pkg.api import run\n",
        },
    )
    assert kept(root, "src/pkg/api.py") == {
        "run": "`run` is used by another module: tests/test_api.py:1 imports it"
    }


FIXTURES = """\
    import pytest


    @pytest.fixture
    def db():
        return {}


    @pytest.fixture(name="client")
    def client_fixture():
        return 1


    @pytest.fixture(autouse=True)
    def clean():
        yield


    class Helper:
        pass
    """


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("tests/conftest.py", "from tests.fixtures import db\n", {"db": "defined at tests/"}),
        ("tests/conftest.py", "from .fixtures import db as d\n", {"d": "serves every test"}),
        ("tests/conftest.py", "from tests.reexport import db\n", {"db": "tests/fixtures.py:5"}),
        ("tests/conftest.py", "from tests.fixtures import Helper\nimport os\n", {}),
        ("tests/conftest.py", "from typing import Any\nfrom tests import fixtures\n", {}),
        ("tests/conftest.py", "from pytest_plugin import thing\n", {"thing": "cannot tell"}),
        ("tests/test_x.py", "from tests.fixtures import clean\n", {"clean": "autouse"}),
        (
            "tests/test_x.py",
            "from tests.fixtures import client_fixture\n",
            {"client_fixture": "`client`"},
        ),
        ("tests/test_x.py", "from tests.fixtures import db\nfrom pytest_plugin import thing\n", {}),
        ("app/x.py", "from tests.fixtures import clean\n", {}),  # not a test module
    ],
)
def test_imported_fixtures(tmp_path: Path, path: str, text: str, expected: dict[str, str]) -> None:
    root = tree(
        tmp_path,
        {
            "tests/__init__.py": "",
            "tests/fixtures.py": FIXTURES,
            "tests/reexport.py": "from tests.fixtures import db\n",
            path: text,
        },
    )
    found = kept(root, path)
    assert set(found) == set(expected)
    assert all(expected[n] in found[n] for n in expected), found


def test_each_file_is_parsed_once_and_only_when_it_names_the_module(tmp_path: Path) -> None:
    files = {f"pkg/m{i}.py": f"import os\nfrom pkg.m{i + 1} import x\n" for i in range(300)}
    files["pkg/__init__.py"] = ""
    root = tree(tmp_path, files)
    index = project(snapshot(root))
    for i in range(0, 300, 30):
        keep_imports(snapshot(root), f"pkg/m{i}.py")
    # each module is parsed itself; of the others, only the one file that imports it has
    # its import statements read (m29 imports m30; m299's `m300` does not name it), and
    # none is parsed whole: `from pkg.m30 import x` binds no module object
    targets = range(0, 300, 30)
    assert set(index._trees) == {f"pkg/m{i}.py" for i in targets}
    assert set(index._imports) == {f"pkg/m{i - 1}.py" for i in targets[1:]}
    before = {**index._trees, **index._imports}
    for i in targets:
        keep_imports(snapshot(root), f"pkg/m{i}.py")
    after = {**index._trees, **index._imports}
    assert all(after[p] is before[p] for p in before)  # cached, not parsed again


def test_a_rewritten_file_is_read_again(tmp_path: Path) -> None:
    root = tree(tmp_path, {"app/registry.py": REGISTRY, "b.py": "from app.registry import os\n"})
    assert set(kept(root, "app/registry.py")) == {"os"}
    (root / "b.py").write_text("import os, sys\n" * 3)
    assert kept(root, "app/registry.py") == {}
