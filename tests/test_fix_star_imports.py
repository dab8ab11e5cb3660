"""``from m import *`` takes only the names of ``m.__all__`` when ``m`` lists them.

Two modules of a small repository of our own import ``json`` without using it; another
module star-imports each. ``app/events.py`` lists its public names in ``__all__``, so
the star import does not take ``json`` and the unused import goes; ``app/loose.py`` has
no ``__all__``, so its star import takes every public name, ``json`` included, and the
import stays (its importer uses ``json``). ``app/computed.py`` builds ``__all__`` from
another list: what it exports cannot be read, so its import stays too. The CI log
is real ruff output; the fixed commit still imports under the real Python.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.fix.import_uses import literal_all
from tests.test_fix_safety import ci_log, git, make_repo

FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
    "app/__init__.py": "",
    "app/events.py": 'import json\n\n__all__ = ["Event"]\n\n\nclass Event:\n    pass\n',
    "app/loose.py": "import json\n\n\nclass Loose:\n    pass\n",
    "app/computed.py": 'import json\n\nPUBLIC = ["Computed"]\n__all__ = PUBLIC\n\n\n'
    "class Computed:\n    pass\n",
    "app/api.py": "from app.events import *\nfrom app.loose import *\nfrom app.computed import *\n"
    "\nEVENTS = [Event, Loose, Computed]\nDUMP = json.dumps\n",
}
RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401", "."]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("star-imports")
    repo = make_repo(root, FILES)
    logs = ci_log(root, repo, RUFF, "Lint", job="lint")
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def test_a_name_outside_all_is_not_taken_by_the_star(fixed: tuple[Path, FixResult]) -> None:
    repo, result = fixed
    by_path = {o.finding.path: o for o in result.outcomes}
    assert set(by_path) == {"app/events.py", "app/loose.py", "app/computed.py"}
    assert by_path["app/events.py"].status == "fixed", by_path["app/events.py"].reason
    assert {p: o.reason for p, o in by_path.items() if o.status == "skipped"} == {
        "app/loose.py": "app/loose.py: `json` is used by another module: app/api.py:2"
        " imports * from it",
        "app/computed.py": "app/computed.py: `__all__` is computed (PUBLIC); cannot tell what"
        " it exports",
    }
    assert result.commit
    assert git(repo, "show", f"{result.commit}:app/events.py") == (
        '__all__ = ["Event"]\n\n\nclass Event:\n    pass'
    )


def test_the_importer_still_imports(fixed: tuple[Path, FixResult], tmp_path: Path) -> None:
    repo, result = fixed
    assert result.commit
    checkout = tmp_path / "checkout"
    git(repo, "worktree", "add", "--detach", str(checkout), result.commit)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import app.api; print(app.api.DUMP([1]))"],
            cwd=checkout,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0 and done.stdout == "[1]\n", done.stderr
    finally:
        git(repo, "worktree", "remove", "--force", str(checkout))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            '__all__ = ["a"]\n__all__ += ("b",)\n__all__.append("c")\n__all__.extend(["d"])\n',
            "abcd",
        ),
        ('__all__: list[str] = ["a"]\n', "a"),
        ('__all__ = ["a"]\nprint(__all__)\n', None),  # read elsewhere: may be changed
        ('__all__ = ["a"] + OTHER\n', None),
        ('if FLAG:\n    __all__ = ["a"]\n', None),
        ('__all__ = ["a"]\nglobals()["__all__"].append("b")\n', None),
        ('__all__ = ["a"]\n__all__.append(NAME)\n', None),
        ('__all__ += ["a"]\n', None),  # never assigned here
        ("x = 1\n", None),
    ],
)
def test_what_a_star_import_takes_is_read_only_from_literals(text: str, names: str | None) -> None:
    found = literal_all(ast.parse(text))
    assert found == (None if names is None else frozenset(names))
