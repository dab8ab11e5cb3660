"""The accuracy harness (bench/realcode.py) on small pinned cases of real code.

The sdists are downloaded from the package index at test time, in one ``pip download``,
into the session's temporary folder (nothing downloaded is committed); the fixer under
test is this checkout's. Each case asserts that no fix is wrong by the harness's
independent checks and that the fixes known to be safe do happen. The checks themselves
are shown to fail on a wrong change of our own.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bench.accuracy.corpus import by_name, fetch_all
from bench.accuracy.harness import Result, run_project
from bench.accuracy.linemap import compare, parse_diff
from bench.accuracy.tests_check import setup_plan
from bench.accuracy.tools import Error

FIXER = [sys.executable, "-m", "fixer"]
CASES = ("semver", "itsdangerous")
PY37 = Path("/root/.pyenv/versions/3.7.16/bin/python")


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("realcode-cache")
    try:
        fetch_all([by_name(n) for n in CASES], cache / "sdists")
    except subprocess.CalledProcessError as exc:  # the registry is unreachable
        pytest.skip(f"could not download the corpus's sdists: {exc.stderr[-300:]!r}")
    return cache


def run(name: str, cache: Path, work: Path) -> Result:
    result = run_project(by_name(name), FIXER, cache, work)
    assert not result.crash, result.crash
    assert [v.to_json() for v in result.verdicts if v.status == "wrong"] == []
    assert any(r.startswith("import of") for r in result.ran)
    assert not PY37.exists() or any("3.7.16" in r for r in result.ran if r.startswith("import"))
    return result


def fixed(result: Result) -> set[tuple[str, int, str]]:
    return {
        (v.error.path, v.error.line, v.error.code) for v in result.verdicts if v.status == "fixed"
    }


def test_semver(cache: Path, tmp_path: Path) -> None:
    result = run("semver", cache, tmp_path)
    # cast(Iterable, ...) in a method body, and an unused `import sys` in the tests' conftest
    assert {("src/semver/version.py", 522, "type-arg"), ("tests/conftest.py", 1, "F401")} <= fixed(
        result
    )
    assert any(r.startswith("pytest --setup-plan tests") for r in result.ran)


def test_itsdangerous(cache: Path, tmp_path: Path) -> None:
    result = run("itsdangerous", cache, tmp_path)
    assert len(result.verdicts) == 3
    assert fixed(result) == {(v.error.path, v.error.line, "type-arg") for v in result.verdicts}


DIFF = """\
diff --git a/m.py b/m.py
--- a/m.py
+++ b/m.py
@@ -1 +0,0 @@
-import os
@@ -5 +4 @@
-def f(a: dict) -> list:
+def f(a: dict[Any, Any]) -> list:
"""


def test_errors_are_compared_through_the_line_map() -> None:
    before = [
        Error("m.py", 1, 8, "F401", "`os` imported but unused"),
        Error("m.py", 5, 10, "type-arg", 'Missing type arguments for generic type "dict"'),
        Error("m.py", 5, 20, "type-arg", 'Missing type arguments for generic type "list"'),
        Error("m.py", 9, 5, "misc", "already there"),
        Error("m.py", 12, 1, "no-redef", 'Name "f" already defined on line 9'),
    ]
    after = [
        Error("m.py", 4, 30, "type-arg", 'Missing type arguments for generic type "list"'),
        Error("m.py", 8, 5, "misc", "already there"),  # moved up one line: not new
        Error("m.py", 11, 1, "no-redef", 'Name "f" already defined on line 8'),  # so did this
        Error("m.py", 8, 5, "name-defined", 'Name "Any" is not defined'),
    ]
    cmp = compare(before, after, parse_diff(DIFF))
    assert cmp.gone == before[:2]
    assert cmp.new == [after[3]]


def test_a_removed_fixture_import_fails_the_tests_check(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "fixtures.py").write_text(
        "import pytest\n\n\n@pytest.fixture\ndef db():\n    return 1\n"
    )
    test = tests / "test_a.py"
    test.write_text("from fixtures import db\n\n\ndef test_a(db):\n    assert db\n")
    (tests / "conftest.py").write_text(
        textwrap.dedent("""\
        import sys
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).parent))
        """)
    )
    before = setup_plan(tmp_path, "tests", [tmp_path])
    test.write_text("\n\ndef test_a(db):\n    assert db\n")
    after = setup_plan(tmp_path, "tests", [tmp_path])
    assert before is not None and after is not None
    assert before[0] == set()
    assert after[0] == {"tests/test_a.py::test_a"}
