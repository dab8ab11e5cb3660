"""Each parser on the wordings its tool prints (lines copied from real tool output)."""

from __future__ import annotations

import pytest

from tests.support.diag import diagnose_jobs, findings, run_step


@pytest.mark.parametrize(
    ("line", "path", "lineno", "col", "generic"),
    [
        pytest.param(
            'app/x.py:72: error: Missing type parameters for generic type "dict"  [type-arg]',
            "app/x.py",
            72,
            None,
            "dict",
            id="mypy-1.x",
        ),
        pytest.param(
            'app/x.py:72:5: error: Missing type arguments for generic type "dict"  [type-arg]',
            "app/x.py",
            72,
            5,
            "dict",
            id="mypy-2.x-columns",
        ),
        pytest.param(
            'C:\\a\\x.py:3: error: Missing type parameters for generic type "Callable"  [type-arg]',
            "C:\\a\\x.py",
            3,
            None,
            "Callable",
            id="windows-path",
        ),
        pytest.param(
            'x.py:1: error: Missing type arguments for generic type "typing.Dict"  [type-arg]',
            "x.py",
            1,
            None,
            "typing.Dict",
            id="qualified",
        ),
    ],
)
def test_mypy_type_arg(line: str, path: str, lineno: int, col: int | None, generic: str) -> None:
    (f,) = findings([line, "Found 1 error in 1 file (checked 3 source files)"], "mypy app")
    assert (f.kind, f.raw_path, f.line, f.column, f.code) == (
        "mypy.type-arg",
        path,
        lineno,
        col,
        "type-arg",
    )
    assert f.details["generic"] == generic
    assert f.fixable


def test_mypy_wordings_across_versions_are_one_cause() -> None:
    one = run_step(
        ['a.py:3: error: Missing type parameters for generic type "dict"  [type-arg]'],
        "mypy a.py",
        name="py (3.11)",
    )
    two = run_step(
        ['a.py:3: error: Missing type arguments for generic type "dict"  [type-arg]'],
        "mypy a.py",
        name="py (3.12)",
    )
    (f,) = diagnose_jobs(one, two).findings
    assert f.jobs == ("py (3.11)", "py (3.12)")


def test_mypy_import_untyped_reads_the_hint() -> None:
    (f,) = findings(
        [
            'app/c.py:1: error: Library stubs not installed for "yaml"  [import-untyped]',
            'app/c.py:1: note: Hint: "python3 -m pip install types-PyYAML"',
            'app/c.py:1: note: (or run "mypy --install-types" to install all missing stub packages)',
        ],
        "mypy app",
    )
    assert f.kind == "mypy.import-untyped"
    assert f.details == {"module": "yaml", "stub": "types-PyYAML"}
    assert len(f.evidence) == 2


def test_other_mypy_errors_are_reported_not_fixable() -> None:
    (f,) = findings(
        [
            'a.py:9: error: Incompatible return value type (got "int", expected "str")'
            "  [return-value]"
        ],
        "mypy .",
    )
    assert (f.kind, f.code, f.fixable) == ("mypy.error", "return-value", False)


@pytest.mark.parametrize(
    ("lines", "tool", "requirement", "extra"),
    [
        pytest.param(
            [
                "ERROR: Could not find a version that satisfies the requirement types-prometheus-client"
                '>=0.19.0; extra == "dev" (from tunix-rt-backend[dev]) (from versions: none)',
                "ERROR: No matching distribution found for types-prometheus-client>=0.19.0; extra == "
                '"dev"',
            ],
            "pip",
            "types-prometheus-client>=0.19.0",
            "dev",
            id="pip-extra",
        ),
        pytest.param(
            [
                "ERROR: Could not find a version that satisfies the requirement types-prometheus-client>=0.19.0 (from tunix-rt-backend[dev]) (from versions: none)",
                "ERROR: No matching distribution found for types-prometheus-client>=0.19.0 (from tunix-rt-backend[dev])",
            ],
            "pip",
            "types-prometheus-client>=0.19.0",
            None,
            id="pip-26.3-no-marker",
        ),
        pytest.param(
            [
                "ERROR: Could not find a version that satisfies the requirement Types_Prometheus.Client"
                "==1.0 (from versions: none)"
            ],
            "pip",
            "Types_Prometheus.Client==1.0",
            None,
            id="pip-normalized",
        ),
        pytest.param(
            [
                "  × No solution found when resolving dependencies:",
                "  ╰─▶ Because types-prometheus-client was not found in the package registry and you "
                "require types-prometheus-client>=0.19.0, we can conclude that your requirements are "
                "unsatisfiable.",
            ],
            "uv",
            "types-prometheus-client>=0.19.0",
            None,
            id="uv",
        ),
        pytest.param(
            [
                "Because backend depends on types-prometheus-client (>=0.19.0) which doesn't match any"
                " versions, version solving failed."
            ],
            "poetry",
            "types-prometheus-client (>=0.19.0)",
            None,
            id="poetry",
        ),
    ],
)
def test_pip_no_matching_distribution(
    lines: list[str], tool: str, requirement: str, extra: str | None
) -> None:
    command = {"pip": "pip install -e .", "uv": "uv pip install -r r.txt", "poetry": "poetry lock"}
    (f,) = findings(lines, command[tool])
    assert f.kind == "pip.no-matching-distribution"
    assert f.tool == tool
    assert f.details["name"] == "types-prometheus-client"
    assert f.details["requirement"] == requirement
    assert f.details.get("extra") == extra


@pytest.mark.parametrize(
    ("line", "form"),
    [
        (
            "Error: The current project could not be installed: No file/folder found for package"
            " backend",
            "error",
        ),
        (
            "Warning: The current project could not be installed: No file/folder found for package"
            " backend",
            "warning",
        ),
    ],
)
def test_poetry_package_not_found(line: str, form: str) -> None:
    (f,) = findings(
        ["Poetry (version 2.1.3)", "Installing dependencies from lock file", line], "poetry install"
    )
    assert f.kind == "poetry.package-not-found"
    assert f.details == {"package": "backend", "form": form, "poetry_version": "2.1.3"}


def test_poetry_warning_is_the_cause_of_a_later_failure() -> None:
    job = run_step(
        [
            "Warning: The current project could not be installed: No file/folder found "
            "for package backend"
        ],
        "poetry install",
        exit_code=0,
    )
    job.run(
        None, "poetry run pytest", ["ModuleNotFoundError: No module named 'backend'"], exit_code=1
    )
    diagnosis = diagnose_jobs(job)
    assert [f.kind for f in diagnosis.findings] == ["poetry.package-not-found"]


def test_eslint_stylish_takes_the_path_from_the_header() -> None:
    (f,) = findings(
        [
            "",
            "/home/runner/work/app/app/frontend/src/components/ReadyBadge.test.jsx",
            "  1:36  error  'act' is defined but never used  no-unused-vars",
            "  9:7   error  'x' is assigned a value but never used  no-unused-vars",
            "",
        ][:3],
        "npm run lint",
    )
    assert (f.raw_path, f.line, f.column) == (
        "/home/runner/work/app/app/frontend/src/components/ReadyBadge.test.jsx",
        1,
        36,
    )
    assert f.details == {"name": "act", "binding": "unknown"}


def test_eslint_variables_and_parameters_are_not_fixable() -> None:
    got = findings(
        [
            "/w/src/a.ts",
            "  3:7   error  'unused' is assigned a value but never used  "
            "@typescript-eslint/no-unused-vars",
            "  5:21  error  'arg' is defined but never used. Allowed unused args must match /^_/u  "
            "@typescript-eslint/no-unused-vars",
        ],
        "npx eslint src",
    )
    assert [(f.details["binding"], f.fixable, f.code) for f in got] == [
        ("variable", False, "@typescript-eslint/no-unused-vars"),
        ("parameter", False, "@typescript-eslint/no-unused-vars"),
    ]


def test_eslint_compact() -> None:
    (f,) = findings(
        [
            "/w/src/App.jsx: line 2, col 10, Error - 'useState' is defined but never used. "
            "(no-unused-vars)"
        ],
        "npx eslint --format compact src",
    )
    assert (f.raw_path, f.line, f.column, f.details["name"]) == (
        "/w/src/App.jsx",
        2,
        10,
        "useState",
    )


def test_eslint_warnings_count_only_with_max_warnings() -> None:
    line = ["/w/a.js", "  1:8  warning  'x' is defined but never used  no-unused-vars"]
    assert [f.kind for f in findings(line, "npx eslint .")] == ["unknown"]
    (f,) = findings(line, "npx eslint --max-warnings=0 .")
    assert f.kind == "eslint.no-unused-vars"


@pytest.mark.parametrize(
    ("lines", "tool", "path", "name"),
    [
        (["pkg/x.py:1:8: F401 [*] `os.path` imported but unused"], "ruff", "pkg/x.py", "os.path"),
        (
            ["F401 [*] `typing.Any` imported but unused", " --> pkg/x.py:2:20", "  |"],
            "ruff",
            "pkg/x.py",
            "typing.Any",
        ),
        (["./pkg/x.py:1:1: F401 'os' imported but unused"], "flake8", "./pkg/x.py", "os"),
    ],
)
def test_unused_python_import(lines: list[str], tool: str, path: str, name: str) -> None:
    (f,) = findings(lines, f"{tool} check ." if tool == "ruff" else "flake8 .")
    assert (f.kind, f.tool, f.raw_path, f.details["name"]) == (f"{tool}.F401", tool, path, name)


@pytest.mark.parametrize(
    ("line", "action", "reason", "ref"),
    [
        (
            "##[error]Unable to resolve action `railwayapp/railway-deploy`, repository not found",
            "railwayapp/railway-deploy",
            "repository not found",
            None,
        ),
        (
            "##[error]Unable to resolve action `actions/setup-node@v99`, unable to find version `v99`",
            "actions/setup-node",
            "unable to find version",
            "v99",
        ),
    ],
)
def test_unresolvable_action(line: str, action: str, reason: str, ref: str | None) -> None:
    from tests.support.ghlog import Job

    job = Job("deploy")
    job.setup(error=line.removeprefix("##[error]"))
    (f,) = diagnose_jobs(job).findings
    assert (f.kind, f.fixable) == ("actions.unresolvable-action", False)
    assert f.details.get("action") == action and f.details["reason"] == reason
    assert f.details.get("ref") == ref


def test_unknown_failure_names_the_step_and_its_last_errors() -> None:
    (f,) = findings(
        [
            "collected 3 items",
            "tests/test_a.py F..",
            "E       assert 1 == 2",
            "FAILED tests/test_a.py::test_one - assert 1 == 2",
            "1 failed, 2 passed in 0.02s",
        ],
        "pytest -q",
    )
    assert f.kind == "unknown"
    assert f.details["step"] == "Run pytest -q"
    assert f.details["exit_code"] == "1"
    assert any("FAILED tests/test_a.py::test_one" in e.text for e in f.evidence)


def test_failures_of_passing_steps_are_not_causes() -> None:
    job = run_step(
        ['a.py:1: error: Missing type parameters for generic type "dict"  [type-arg]'],
        "mypy . || true",
        exit_code=0,
    )
    diagnosis = diagnose_jobs(job)
    assert diagnosis.findings == ()
    assert not diagnosis.failed


def test_fail_fast_cancellation_is_a_consequence() -> None:
    from tests.support.ghlog import Job

    failing = run_step(
        ["ERROR: No matching distribution found for nope"], "pip install nope", name="t (3.12)"
    )
    cancelled = Job("t (3.11)")
    cancelled.setup()
    cancelled.run(None, "pip install nope", ["Collecting nope"], cancelled=True)
    diagnosis = diagnose_jobs(failing, cancelled)
    (f,) = diagnosis.findings
    assert f.jobs == ("t (3.12)",)
    assert [j.status for j in diagnosis.jobs] == ["failed", "cancelled"]


def test_unknown_failure_mentioning_a_known_cause_is_attributed_to_it() -> None:
    install = run_step(
        ["ERROR: No matching distribution found for types-foo"], "pip install .", name="backend"
    )
    e2e = run_step(
        ["ERROR: types-foo is not installed; cannot start the server"], "./start.sh", name="e2e"
    )
    (f,) = diagnose_jobs(install, e2e).findings
    assert f.kind == "pip.no-matching-distribution"
    assert f.jobs == ("backend", "e2e")


def test_mypy_without_codes_keeps_what_follows_out_of_the_message() -> None:
    """No ``pretty``: the line after an error is no continuation, even without ``[code]``."""
    fs = findings(
        [
            'app/x.py:3:5: error: Missing type arguments for generic type "dict"',
            'app/x.py:4: error: Name "y" is not defined',
            "tests done",
            "Found 2 errors in 1 file (checked 1 source file)",
        ],
        "mypy app; echo tests done",
    )
    assert [(f.kind, f.line, f.column, f.code, f.message) for f in fs] == [
        ("mypy.type-arg", 3, 5, "type-arg", 'Missing type arguments for generic type "dict"'),
        ("mypy.error", 4, None, None, 'Name "y" is not defined'),
    ]


@pytest.mark.parametrize("columns", [True, False], ids=["columns", "no-columns"])
def test_mypy_same_generic_twice_on_one_line_is_two_findings(columns: bool) -> None:
    at = (":10", ":27") if columns else ("", "")
    message = 'Missing type arguments for generic type "dict"  [type-arg]'
    lines = [f"app/x.py:4{c}: error: {message}" for c in at]
    fs = findings(lines, "mypy app")
    assert [(f.line, f.column, f.details["generic"]) for f in fs] == [
        (4, 10 if columns else None, "dict"),
        (4, 27 if columns else None, "dict"),
    ]
    job = run_step(lines, "mypy app")
    job.run(None, "mypy --strict app", lines, exit_code=1)  # the same errors again
    assert len(diagnose_jobs(job).findings) == 2
