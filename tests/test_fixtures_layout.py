"""The end-to-end fixtures are complete: a repository, its run's logs, the expected diagnosis."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCENARIOS = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
JOB_FILE = re.compile(r"^(\d+)_(.+)\.txt$")
KINDS = {
    "pip.no-matching-distribution",
    "mypy.type-arg",
    "poetry.package-not-found",
    "eslint.no-unused-vars",
    "actions.unresolvable-action",
}


def test_the_three_scenarios_are_there() -> None:
    assert {"invalid-dependency", "type-arg", "poetry-eslint-action"} <= set(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_layout(scenario: str) -> None:
    root = FIXTURES / scenario
    repo, logs = root / "repo", root / "logs"
    assert repo.is_dir() and not (repo / ".git").exists()
    assert list((repo / ".github" / "workflows").glob("*.yml"))

    job_files = {m.group(2): p for p in logs.iterdir() if (m := JOB_FILE.match(p.name))}
    assert job_files, f"{logs} has no N_<job>.txt"
    for name, path in job_files.items():
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path} has no BOM"
        assert (logs / name).is_dir(), f"{name} has no step files"

    expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    assert set(expected["jobs"]) == set(job_files)
    assert set(expected["jobs"].values()) <= {"failed", "cancelled", "succeeded"}
    assert expected["findings"]
    for finding in expected["findings"]:
        assert finding["kind"] in KINDS
        path = repo / finding["path"]
        assert path.is_file(), f"expected.json names {finding['path']}, not in repo/"
        if finding["line"] is not None:
            assert 1 <= finding["line"] <= len(path.read_text(encoding="utf-8").splitlines())
        assert finding["jobs"] and set(finding["jobs"]) <= set(job_files)
        assert isinstance(finding["fixable"], bool)
        assert all(isinstance(v, str) for v in finding["details"].values())
