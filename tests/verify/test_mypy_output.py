"""fixer's own mypy runs read the same errors whatever the project's output settings are.

Each project here sets every output option mypy has, in each of the files mypy reads its
configuration from; the real mypy runs on it, once with ``-O json`` and once with the
forced text flags (what fixer uses on mypy older than 1.11).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixer.verify.mypy import MypyError, MypyRun, mypy_args
from fixer.verify.mypy_output import JSON_SINCE, _installed_version, mypy_version, speaks_json

SOURCE = """\
def f(a: list | tuple) -> dict:
    return {}


def g(key: str) -> str:
    return len(key)
"""
OPTIONS = {
    "strict": "true",
    "pretty": "true",
    "show_column_numbers": "true",
    "show_error_end": "true",
    "show_absolute_path": "true",
    "hide_error_codes": "true",
    "error_summary": "true",
    "color_output": "true",
    "show_error_context": "true",
    "show_traceback": "true",
    "show_error_code_links": "true",
}
CONFIGS = {
    "pyproject.toml": "[tool.mypy]\n" + "".join(f"{k} = {v}\n" for k, v in OPTIONS.items()),
    "mypy.ini": "[mypy]\n" + "".join(f"{k} = True\n" for k in OPTIONS),
    ".mypy.ini": "[mypy]\n" + "".join(f"{k} = True\n" for k in OPTIONS),
    "setup.cfg": "[mypy]\n" + "".join(f"{k} = True\n" for k in OPTIONS),
}
TYPE_ARG = 'Missing type arguments for generic type "{}"'
RETURN = 'Incompatible return value type (got "int", expected "str")'


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def project(root: Path, config: str) -> Path:
    (root / "backend" / "app").mkdir(parents=True)
    (root / "backend" / "app" / "__init__.py").write_text("")
    (root / "backend" / "app" / "x.py").write_text(SOURCE)
    (root / "backend" / config).write_text(CONFIGS[config])
    return root


def shape(errors: tuple[MypyError, ...]) -> list[tuple[object, ...]]:
    return [
        (e.path, e.line, e.column, e.code, e.message.replace("parameters", "arguments"))
        for e in errors
    ]


EXPECTED = [
    ("backend/app/x.py", 1, 10, "type-arg", TYPE_ARG.format("list")),
    ("backend/app/x.py", 1, 17, "type-arg", TYPE_ARG.format("tuple")),
    ("backend/app/x.py", 1, 27, "type-arg", TYPE_ARG.format("dict")),
    ("backend/app/x.py", 6, 12, "return-value", RETURN),
]


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_output_settings_do_not_change_the_errors(
    tmp_path: Path, cache: Path, config: str, as_json: bool
) -> None:
    if as_json and not speaks_json():
        pytest.skip(f"mypy older than {JSON_SINCE} has no -O json")
    root = project(tmp_path, config)
    if not as_json:  # the settings are in force: mypy alone prints the project's forms
        plain = subprocess.run(
            [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "plain-cache"), "app"],
            cwd=root / "backend",
            capture_output=True,
            text=True,
            env={"MYPY_FORCE_COLOR": "1", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin"},
        ).stdout
        assert f"{root}/backend/app/x.py:1:10:1:" in plain
        assert "\x1b[" in plain and "^" in plain and "[type-arg]" not in plain
        assert "In function" in plain and "Found 4 errors" in plain
    run = MypyRun(root, "backend", ["app"], cache, as_json=as_json)
    assert ("-O" in run.command) is as_json
    result = run.wait()
    assert result.problem == ""
    assert shape(result.errors) == EXPECTED
    # three errors on one line, told apart by their columns and ends
    ends = [(e.end_line, e.end_column) for e in result.errors[:3]]
    assert len(set(ends)) == 3 or ends == [(None, None)] * 3


def test_the_ci_commands_output_options_are_dropped() -> None:
    command = "mypy --pretty -O json --show-error-end --hide-error-codes --output=json app"
    assert mypy_args(command) == ["app"]
    assert mypy_args("cd backend && mypy --junit-xml out.xml --strict app") == ["--strict", "app"]


def test_the_version_is_the_installed_mypys() -> None:
    # read from the dist-info folder beside the package; what importlib.metadata says
    from importlib.metadata import version

    assert ".".join(map(str, mypy_version())) == version("mypy").split("+")[0]
    assert _installed_version("libcst") == version("libcst")
    assert _installed_version("fixer_no_such_package") is None
