"""Every log of the corpus, written in every form a maintainer saves logs in, gives the
findings its job log gives (and so its expected.json): the run's archive (folder and
zip, step files and job files), ``gh run view --log`` with steps or ``UNKNOWN STEP``,
the same saved as UTF-16 by PowerShell, ``--log-failed``, and a copy of the web UI.

The job logs are the real tools' output (fixtures/logs/make.py); the forms are written
from them as gh, PowerShell and the web UI write them (tests/support/logforms.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fixer.app import diagnose_logs
from fixer.errors import BadInput
from fixer.model import Diagnosis
from tests.support import logforms as lf
from tests.support.ghlog import zip_folder

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "logs"
CASES = sorted(
    p
    for p in CORPUS.iterdir()
    if (p / "expected.json").is_file() and lf.is_runner_log((p / "job.log").read_bytes())
)
# The web UI shows ``##[error]`` annotations as "Error: ...", like any tool's line: the
# annotation formats cannot be told apart there, and are not read from a copy.
# An action's step fails by its annotation alone (``token-403``): in a copy it is text too.
ANNOTATIONS = {
    "ruff-github",
    "ruff-github-0.4",
    "ruff-github-full",
    "ruff-rules-github-0.4",
    "flake8-github",
    "token-403",
}


def _canon(diagnosis: Diagnosis, baseline: Diagnosis | None = None) -> list[dict[str, Any]]:
    """The findings, jobs renamed alike (a job log names its job itself); with a
    baseline, an evidence step is compared only where the baseline knew it."""
    known = [
        [e.step for e in f.evidence]
        for f in (baseline.findings if baseline else diagnosis.findings)
    ]
    out = []
    for index, finding in enumerate(diagnosis.findings):
        data = finding.to_json()
        data["jobs"] = ["job"] * len(data["jobs"])
        steps = known[index] if index < len(known) else []
        data["evidence"] = [
            {**e, "job": "job", "step": _filed(e["step"]) if i < len(steps) and steps[i] else None}
            for i, e in enumerate(data["evidence"])
        ]
        out.append(data)
    return out


def _filed(step: str | None) -> str | None:
    """A step's name as the archive's file name holds it (``actions/x@v7`` as ``actions_x@v7``)."""
    return step.replace("/", "_").replace(":", "_") if step else step


def _essence(diagnosis: Diagnosis, keep_details: bool = True) -> list[dict[str, Any]]:
    """What a finding says, apart from where its evidence sits in the log."""
    keys = ("kind", "tool", "path", "line", "column", "code", "fixable")
    out = []
    for f in diagnosis.findings:
        data = {k: v for k, v in f.to_json().items() if k in keys}
        if f.kind != "unknown":
            data["message"] = f.message
        if keep_details:
            data["details"] = f.details
        out.append(data)
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Each case in each form, written once."""
    root = tmp_path_factory.mktemp("forms")
    out: dict[str, dict[str, Path]] = {}
    for case in CASES:
        data = (case / "job.log").read_bytes()
        run = [(json.loads((case / "expected.json").read_text())["job"], lf.steps_of(data))]
        folder = root / case.name / "archive"
        for rel, body in lf.archive_files(run).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(body)
        gh = lf.gh_log(run)
        files = {
            "zip": zip_folder(folder),
            "gh-log": gh,
            "gh-log-unknown-step": lf.gh_log(run, unknown_step=True),
            "gh-log-utf16": lf.utf16(gh),
            "job-utf16-be": lf.utf16(data, "be"),
            "gh-log-failed": lf.gh_log(run, only_failed=True),
            "web": lf.web_text(run[0][1]),
            "web-collapsed": lf.web_text(run[0][1], expanded=False, indent=b""),
        }
        out[case.name] = {"archive": folder}
        for form, body in files.items():
            out[case.name][form] = root / case.name / form
            out[case.name][form].write_bytes(body)
    return out


WHOLE = ["archive", "zip", "gh-log", "gh-log-unknown-step", "gh-log-utf16", "job-utf16-be"]


@pytest.mark.parametrize("form", WHOLE)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_whole_log_forms_find_what_the_job_log_finds(
    case: Path, form: str, written: dict[str, dict[str, Path]]
) -> None:
    baseline = diagnose_logs([str(case / "job.log")])
    got = diagnose_logs([str(written[case.name][form])])
    assert _canon(got, baseline) == _canon(baseline)
    assert [j.status for j in got.jobs] == [j.status for j in baseline.jobs]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_log_failed_finds_what_the_failed_steps_show(
    case: Path, written: dict[str, dict[str, Path]]
) -> None:
    baseline = diagnose_logs([str(case / "job.log")])
    failed = written[case.name]["gh-log-failed"]
    if baseline.jobs[0].status != "failed" and not failed.read_bytes():
        with pytest.raises(BadInput, match="empty log"):  # gh prints nothing: not a pass
            diagnose_logs([str(failed)])
        return
    got = diagnose_logs([str(failed)])
    assert [j.status for j in got.jobs] == [j.status for j in baseline.jobs]
    # what an earlier, passing step printed (Poetry's version, the version a formatter's
    # install step shows, setup-node's npm) is not in the failed step
    drop = {"poetry_version", "tool_version", "pre_commit_version", "npm_version"}
    want = [{**f, "details": _without(f["details"], drop)} for f in _essence(baseline)]
    assert [{**f, "details": _without(f["details"], drop)} for f in _essence(got)] == want


def _without(details: dict[str, str], keys: set[str]) -> dict[str, str]:
    return {k: v for k, v in details.items() if k not in keys}


@pytest.mark.parametrize("form", ["web", "web-collapsed"])
@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name not in ANNOTATIONS], ids=lambda p: p.name
)
def test_web_ui_copy_finds_what_the_job_log_finds(
    case: Path, form: str, written: dict[str, dict[str, Path]]
) -> None:
    baseline = diagnose_logs([str(case / "job.log")])
    got = diagnose_logs([str(written[case.name][form])])
    assert _essence(got) == _essence(baseline)
    assert [j.status for j in got.jobs] == [j.status for j in baseline.jobs]
    if form == "web":  # expanded: the commands are all there
        assert [f.command for f in got.findings] == [f.command for f in baseline.findings]


def test_interleaved_jobs_keep_their_own_findings(tmp_path: Path) -> None:
    names = ["ruff-full", "mypy-type-arg-2.4", "pip-requirements", "cancelled-after-error"]
    run = []
    alone = []
    for name in names:
        data = (CORPUS / name / "job.log").read_bytes()
        job = json.loads((CORPUS / name / "expected.json").read_text())["job"]
        run.append((f"{name} / {job}", lf.steps_of(data)))
        alone.append((f"{name} / {job}", diagnose_logs([str(CORPUS / name / "job.log")])))
    log = tmp_path / "run.log"
    log.write_bytes(lf.interleave(lf.gh_log(run), block=3))
    got = diagnose_logs([str(log)])
    assert [j.name for j in got.jobs] == [job for job, _ in run]
    for job, diagnosis in alone:
        mine = [f for f in got.findings if job in f.jobs]
        assert all(f.jobs == (job,) for f in mine)
        assert _essence(Diagnosis(tuple(mine), ())) == _essence(diagnosis)
        assert {e.step for f in mine for e in f.evidence} == {
            e.step for f in diagnosis.findings for e in f.evidence
        }
        (status,) = [j.status for j in got.jobs if j.name == job]
        assert status == diagnosis.jobs[0].status
