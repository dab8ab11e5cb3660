"""``--check-run``: the diagnosis as a check run named fixer on the pull request's head,
with an annotation on each failing line, posted to the fake GitHub (checked against
GitHub's description), also from the artifact of the split jobs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES
from tests.pr.conftest import REPO, TOKEN, World
from tests.support.github_api import RunningServer, faults
from tests.support.pypi_index import IndexServer

TYPE_ARG = FIXTURES / "type-arg"
FILE = "backend/tunix_rt_backend/services/datasets_export.py"
CHECK_RUNS = "/repos/{owner}/{repo}/check-runs"


def fixer_pr(
    api: RunningServer, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, object]]:
    code = main(["pr", f"{REPO}#1", "--api-url", api.base_url, "--json", "--actor", "maya", *args])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return code, json.loads(out) if out.strip() else {}


def test_the_diagnosis_annotates_the_failing_lines(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done = fixer_pr(api, capsys, "--index-url", index.url, "--check-run")

    assert (code, done["action"]) == (0, "opened"), done
    (run,) = world.fake.repo(REPO).check_runs.values()
    assert (run.name, run.head_sha, run.status, run.conclusion) == (
        "fixer",
        pull.head_sha,
        "completed",
        "neutral",
    )
    assert [(a["path"], a["start_line"], a["annotation_level"]) for a in run.annotations] == [
        (FILE, 50, "failure"),
        (FILE, 67, "failure"),
        (FILE, 87, "failure"),
    ]
    assert all("type arguments" in a["title"].lower() for a in run.annotations)
    assert all('generic type "dict"' in a["message"] for a in run.annotations)
    assert run.title is not None and run.title.startswith("fixer: 3 fixed and verified")
    assert "## Fix" in str(run.summary)
    assert f"annotated 3 failing lines in the check run https://github.com/{REPO}/runs/" in str(
        done["summary"]
    )


def test_without_the_option_there_is_no_check_run(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    code, _ = fixer_pr(api, capsys, "--index-url", index.url)
    assert code == 0 and world.fake.repo(REPO).check_runs == {}
    assert world.fake.requests_to("POST", CHECK_RUNS) == []


def test_from_the_artifact_and_a_token_that_may_not(
    world: World,
    api: RunningServer,
    index: IndexServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    folder = tmp_path / "out"
    code, done = fixer_pr(api, capsys, "--index-url", index.url, "--output", str(folder))
    assert (code, done["action"]) == (0, "prepared")
    meta = json.loads((folder / "fixer-pr.json").read_text())
    assert [a["start_line"] for a in meta["annotations"]] == [50, 67, 87]

    # a personal token may not create check runs: the fix is still published, and says so
    world.fake.fail("POST", CHECK_RUNS, faults.forbidden("You must authenticate via a GitHub App."))
    code, done = fixer_pr(api, capsys, "--publish", str(folder), "--check-run")
    assert (code, done["action"]) == (0, "opened"), done
    assert "no check run (" in str(done["summary"]) and "GitHub App" in str(done["summary"])
    assert world.fake.repo(REPO).check_runs == {}


@pytest.mark.parametrize(
    "mark",
    [
        {"path": "../outside.py", "start_line": 1, "end_line": 1},
        {"path": "/etc/passwd", "start_line": 1, "end_line": 1},
        {"path": "a.py", "start_line": 5, "end_line": 2},
        {"path": "a.py", "start_line": "1", "end_line": 1},
    ],
    ids=["dotdot", "absolute", "reversed", "not-int"],
)
def test_the_publisher_trusts_no_annotation_of_the_artifact(
    world: World,
    api: RunningServer,
    index: IndexServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mark: dict[str, object],
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    folder = tmp_path / "out"
    assert fixer_pr(api, capsys, "--index-url", index.url, "--output", str(folder))[0] == 0
    meta = json.loads((folder / "fixer-pr.json").read_text())
    meta["annotations"] = [{"title": "t", "message": "m", **mark}]
    (folder / "fixer-pr.json").write_text(json.dumps(meta))
    code = main(
        ["pr", f"{REPO}#1", "--api-url", api.base_url, "--publish", str(folder), "--check-run"]
    )
    err = capsys.readouterr().err
    assert code == 2 and ("annotation" in err or "'start_line': expected int" in err), err
    assert world.fake.repo(REPO).check_runs == {} and sorted(world.fake.repo(REPO).pulls) == [1]
