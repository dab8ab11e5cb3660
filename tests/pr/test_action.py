"""The composite action's script, run by bash as the runner would run it (with fixer on the
PATH, against the fake GitHub), and the example workflow's separation of privileges."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fixer.demo import FIXTURES
from tests.pr.conftest import REPO, TOKEN, World
from tests.support.github_api import RunningServer
from tests.support.pypi_index import IndexServer

ROOT = Path(__file__).resolve().parents[2]


def load(path: str) -> dict[str, Any]:
    doc = yaml.safe_load((ROOT / path).read_text())
    assert isinstance(doc, dict)
    return doc


def run_step(
    inputs: dict[str, str], api: RunningServer, index: IndexServer, tmp: Path
) -> tuple[int, dict[str, str], str]:
    """The action's "Run fixer" step with ``inputs``: exit code, outputs, stdout+stderr."""
    (step,) = [s for s in load("action.yml")["runs"]["steps"] if s.get("id") == "fixer"]
    defaults = {k: str(v.get("default", "")) for k, v in load("action.yml")["inputs"].items()}
    values = {**defaults, **inputs}
    env = {
        name: values[str(value).removeprefix("${{ inputs.").removesuffix(" }}")]
        for name, value in step["env"].items()
    }
    output = tmp / "github-output"
    output.write_text("")
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": api.base_url,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(tmp / "step-summary.md"),
        "RUNNER_TEMP": str(tmp),
        "FIXER_INDEX_URL": index.url,
    }
    keep = ("HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_ALLOW_PROTOCOL", "TMPDIR")
    env |= {k: os.environ[k] for k in keep if k in os.environ}
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp, env=env, capture_output=True, text=True
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return done.returncode, outputs, done.stdout + done.stderr


def test_the_action_fixes_a_pull_request(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, FIXTURES / "type-arg" / "logs")
    inputs = {"pr-number": "1", "actor": "maya", "token": TOKEN, "mode": "all"}

    code, outputs, text = run_step(inputs, api, index, tmp_path)

    assert code == 0, text
    assert outputs == {"action": "opened", "url": "https://github.com/octo/app/pull/2"}
    summary = (tmp_path / "step-summary.md").read_text()
    assert "**fixer: opened**" in summary and "https://github.com/octo/app/pull/2" in summary
    assert TOKEN not in text
    assert world.fake.repo(REPO).pulls[2].head_ref == "fixer/pr-1"


def test_the_action_in_two_steps(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, FIXTURES / "type-arg" / "logs")
    inputs = {"pr-number": "1", "actor": "maya", "token": TOKEN, "directory": "out"}

    first = run_step({**inputs, "mode": "output"}, api, index, tmp_path)
    second = run_step({**inputs, "mode": "publish"}, api, index, tmp_path)

    assert [(code, outputs["action"]) for code, outputs, _ in (first, second)] == [
        (0, "prepared"),
        (0, "opened"),
    ]
    assert (tmp_path / "out" / "fix.patch").is_file()


def test_the_action_reports_a_refusal(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    world.fake.add_pull(REPO, head="feature", author="pat")
    inputs = {"pr-number": "1", "actor": "rita", "token": TOKEN, "mode": "publish"}

    code, outputs, _ = run_step(inputs, api, index, tmp_path)

    # a polite refusal is an outcome, not a failure of fixer: green, told in the summary
    assert (code, outputs["action"]) == (0, "refused")
    assert outputs["url"].startswith("https://github.com/octo/app/pull/1#issuecomment-")
    summary = (tmp_path / "step-summary.md").read_text()
    assert summary.startswith("**fixer: refused** (octo/app#1)") and outputs["url"] in summary


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"pr-number": "1; rm -rf /"}, "pr-number must be a number"),
        ({"pr-number": "1", "mode": "everything"}, "mode must be output, publish or all"),
    ],
    ids=["pr-number", "mode"],
)
def test_the_action_refuses_odd_inputs(
    world: World,
    api: RunningServer,
    index: IndexServer,
    tmp_path: Path,
    inputs: dict[str, str],
    message: str,
) -> None:
    code, _, text = run_step({"token": TOKEN, **inputs}, api, index, tmp_path)

    assert code == 2 and message in text  # fixer's own failure: red
    assert world.fake.requests == []


def test_the_example_workflow_keeps_pull_request_code_away_from_write_access() -> None:
    jobs = load("docs/workflow-example.yml")["jobs"]
    prepare, publish = jobs["prepare"], jobs["publish"]

    assert set(prepare["permissions"].values()) == {"read"}
    assert publish["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert publish["needs"] == "prepare"
    modes = {
        job: [s["with"]["mode"] for s in jobs[job]["steps"] if "mode" in s.get("with", {})]
        for job in ("prepare", "publish")
    }
    assert modes == {"prepare": ["output"], "publish": ["publish"]}
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert not any(u.startswith("actions/checkout") for u in uses)
    assert load("docs/workflow-example.yml")["permissions"] == {}


def test_the_action_fails_only_on_fixers_own_failures(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    # no such pull request: GitHub's error, exit 2, red, and the summary says so
    inputs = {"pr-number": "99", "actor": "maya", "token": TOKEN, "mode": "all"}
    code, outputs, text = run_step(inputs, api, index, tmp_path)
    assert code == 2 and outputs == {"action": "", "url": ""}, text
    summary = (tmp_path / "step-summary.md").read_text()
    assert summary.startswith("**fixer failed** (exit code 2)")


def test_the_action_fixes_in_a_given_checkout(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, FIXTURES / "type-arg" / "logs")
    checkout = tmp_path / "project"
    subprocess.run(
        ["git", "clone", "-q", "--branch", "feature", str(world.bare), str(checkout)], check=True
    )
    inputs = {"pr-number": "1", "actor": "maya", "token": TOKEN, "mode": "output"}
    code, outputs, text = run_step({**inputs, "repo": "project"}, api, index, tmp_path)
    assert (code, outputs["action"]) == (0, "prepared"), text
    assert (tmp_path / "fixer-out" / "fix.patch").is_file()
    # it is the given checkout fixer reads: one at another commit is refused
    subprocess.run(["git", "-C", str(checkout), "checkout", "-q", "main"], check=True)
    code, _, text = run_step({**inputs, "repo": "project", "directory": "o2"}, api, index, tmp_path)
    assert code == 2 and "check that out first" in text


def test_the_action_publishes_the_check_run_and_suggestions_when_asked(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, FIXTURES / "type-arg" / "logs")
    inputs = {"pr-number": "1", "actor": "maya", "token": TOKEN, "mode": "all"}
    asked = {**inputs, "check-run": "true", "review": "both"}

    code, outputs, text = run_step(asked, api, index, tmp_path)

    assert (code, outputs["action"]) == (0, "opened"), text
    (run,) = world.fake.repo(REPO).check_runs.values()
    assert [a["start_line"] for a in run.annotations] == [50, 67, 87]
    # the broken lines are not in this pull request's diff: GitHub takes no suggestion there
    assert world.fake.repo(REPO).reviews == {}
    assert "GitHub refused the suggested changes" in text


def test_the_action_refuses_an_odd_review_input(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    inputs = {"pr-number": "1", "token": TOKEN, "review": "merge-it"}
    code, _, text = run_step(inputs, api, index, tmp_path)
    assert code == 2 and "review must be fix-pr, suggestions or both" in text
    assert world.fake.requests == []


def test_the_action_takes_a_bots_run_and_leaves_a_humans_alone(
    world: World, api: RunningServer, index: IndexServer, tmp_path: Path
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    run = world.red_run(pull, None)
    url = f"https://github.com/{REPO}/actions/runs/{run.id}"
    inputs = {"workflow-run": url, "actor": "pat", "token": TOKEN, "mode": "output"}

    code, outputs, text = run_step(inputs, api, index, tmp_path)

    assert (code, outputs["action"]) == (0, "skipped"), text  # green, and says why
    summary = (tmp_path / "step-summary.md").read_text()
    assert summary.startswith(f"**fixer: skipped** ({REPO}#1)")
    assert "was opened by pat, not by dependabot[bot] or renovate[bot]" in summary
    # no one asked: the actor the workflow passes is not checked
    assert (
        world.fake.requests_to("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission")
        == []
    )
    assert not (tmp_path / "fixer-out" / "fixer-pr.json").exists()  # nothing to publish
