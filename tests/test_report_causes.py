"""The reports group places into root causes and say where a cause most likely lives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.report import to_markdown, to_text
from fixer.report.causes import causes
from tests.support.diag import diagnose_jobs, run_step
from tests.support.ghlog import write_run

FIXTURES = Path(__file__).parent.parent / "fixtures"
PIP = ['ERROR: No matching distribution found for types-prometheus-client>=0.19.0; extra == "dev"']
EXPORT = "tunix_rt_backend/services/datasets_export.py"
MYPY = [
    f'{EXPORT}:{n}: error: Missing type parameters for generic type "dict"  [type-arg]'
    for n in (72, 95, 128)
] + ["Found 3 errors in 1 file (checked 28 source files)"]


def _diagnose(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(["diagnose", *argv])
    return capsys.readouterr().out


def test_bare_generics_of_one_file_in_a_matrix_are_one_cause(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logs = str(FIXTURES / "type-arg" / "logs")
    doc = json.loads(_diagnose([logs, "--json"], capsys))
    assert [f["kind"] for f in doc["findings"]] == ["mypy.type-arg"] * 3  # one per place
    assert [f["cause"] for f in doc["findings"]] == [0, 0, 0]
    (cause,) = doc["causes"]
    assert cause["places"] == [0, 1, 2]
    assert cause["jobs"] == ["backend (3.11)", "backend (3.12)"]
    assert cause["kind"] == "mypy.type-arg"
    assert doc["summary"]["findings"] == 3 and doc["summary"]["causes"] == 1

    text = _diagnose([logs], capsys)
    assert text.count("mypy.type-arg") == 1
    assert "3 places" in text
    assert "jobs: backend (3.11), backend (3.12)" in text
    assert "1 root cause(s) at 3 places" in text

    markdown = _diagnose([logs, "--format", "markdown"], capsys)
    assert markdown.count("## Root cause ") == 1
    assert "## Root cause 1: Missing type arguments for a generic type" in markdown
    for line in (50, 67, 87):
        assert f"datasets_export.py:{line}" in markdown
    assert "- `backend (3.11)`" in markdown and "- `backend (3.12)`" in markdown


def test_different_subjects_stay_different_causes() -> None:
    output = [
        f'{EXPORT}:3: error: Missing type parameters for generic type "dict"  [type-arg]',
        f'{EXPORT}:9: error: Library stubs not installed for "yaml"  [import-untyped]',
        'app/other.py:4: error: Missing type parameters for generic type "list"  [type-arg]',
    ]
    diagnosis = diagnose_jobs(run_step(output, "mypy ."))
    assert len(diagnosis.findings) == 3
    found = causes(diagnosis.findings)
    assert [(c.kind, c.where) for c in found] == [
        ("mypy.type-arg", f"{EXPORT}:3"),
        ("mypy.import-untyped", f"{EXPORT}:9"),
        ("mypy.type-arg", "app/other.py:4"),
    ]
    assert to_markdown(diagnosis, ["x"]).count("## Root cause ") == 3


def test_without_a_repository_the_cd_of_the_step_names_the_manifest() -> None:
    job = run_step(PIP, 'cd backend && python -m pip install -e ".[dev]"', name="backend (3.12)")
    diagnosis = diagnose_jobs(job)
    markdown = to_markdown(diagnosis, ["x"])
    assert "**Most likely in:** `backend/pyproject.toml`" in markdown
    assert 'the step runs `cd backend && python -m pip install -e ".[dev]"`' in markdown
    assert "most likely in: backend/pyproject.toml" in to_text(diagnosis)


@pytest.mark.parametrize(
    ("command", "place"),
    [
        ("pip install -r requirements/dev.txt", "requirements/dev.txt"),
        ('cd ../backend && pip install -e ".[dev]"', "backend/pyproject.toml"),
        ("cd api\nuv sync --locked", "api/pyproject.toml"),
    ],
)
def test_the_install_command_names_the_manifest(command: str, place: str) -> None:
    diagnosis = diagnose_jobs(run_step(PIP, command))
    (cause,) = causes(diagnosis.findings)
    assert cause.likely_place(diagnosis.jobs) == (place, command)


def test_the_job_that_says_the_directory_names_it_for_the_whole_matrix() -> None:
    plain = run_step(PIP, 'python -m pip install -e ".[dev]"', name="backend (3.12)")
    e2e = run_step(PIP, 'cd ../backend && python -m pip install -e ".[dev]"', name="e2e")
    diagnosis = diagnose_jobs(plain, e2e)
    (cause,) = causes(diagnosis.findings)
    assert cause.jobs == ("backend (3.12)", "e2e")
    assert cause.likely_place(diagnosis.jobs) == (
        "backend/pyproject.toml",
        'cd ../backend && python -m pip install -e ".[dev]"',
    )
    alone = diagnose_jobs(plain)
    markdown = to_markdown(alone, ["x"])
    assert "**Most likely in:** `pyproject.toml` in the step's working directory" in markdown


def test_printed_paths_are_placed_under_the_step_directory() -> None:
    diagnosis = diagnose_jobs(run_step(MYPY, "cd backend && mypy tunix_rt_backend"))
    (cause,) = causes(diagnosis.findings)
    assert len(cause.findings) == 3
    assert cause.likely_place() == (f"backend/{EXPORT}", "cd backend && mypy tunix_rt_backend")
    # without a cd, the printed path is all the log says: no guess is added
    (plain,) = causes(diagnose_jobs(run_step(MYPY, "mypy tunix_rt_backend")).findings)
    assert plain.likely_place() is None


def test_the_same_failure_in_every_job_of_a_matrix_is_one_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = [
        run_step(PIP, 'python -m pip install -e ".[dev]"', name=f"backend ({v})")
        for v in ("3.11", "3.12", "3.13")
    ]
    write_run(tmp_path, jobs)
    doc = json.loads(_diagnose([str(tmp_path), "--json"], capsys))
    (cause,) = doc["causes"]
    assert cause["jobs"] == ["backend (3.11)", "backend (3.12)", "backend (3.13)"]
    markdown = _diagnose([str(tmp_path), "--format", "markdown"], capsys)
    assert markdown.count("## Root cause ") == 1
    assert markdown.count("- `backend (3.1") == 3


def test_each_ruff_rule_of_a_file_is_its_own_cause(capsys: pytest.CaptureFixture[str]) -> None:
    case = FIXTURES / "logs" / "ruff-rules"
    argv = [str(case / "job.log"), "--repo", str(case / "project"), "--json"]
    doc = json.loads(_diagnose(argv, capsys))
    rules = [(c["kind"], c["where"]) for c in doc["causes"] if c["kind"] == "ruff.rule"]
    assert len(rules) == 3  # I001, UP006 and E711 of src/shop/stock.py
    assert len(doc["causes"]) == len(doc["findings"]) == 4


def test_the_files_a_formatter_would_change_are_one_cause(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = json.loads(
        _diagnose([str(FIXTURES / "logs" / "ruff-format" / "job.log"), "--json"], capsys)
    )
    (cause,) = doc["causes"]
    assert cause["kind"] == "ruff.format"
    assert cause["places"] == [0, 1]
    assert cause["where"] == "several files"
