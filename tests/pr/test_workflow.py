"""The reusable workflow .github/workflows/fixer.yml, read as GitHub reads it: its trigger,
jobs, permissions, concurrency and ``if:`` conditions (evaluated for the events a
repository sees), its install detection run by bash on real project layouts, and the
caller lines the README shows."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.gha_expr import evaluate, interpolate

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ".github/workflows/fixer.yml"


def load(path: str | Path) -> dict[str, Any]:
    doc = yaml.safe_load(Path(ROOT, path).read_text())
    assert isinstance(doc, dict)
    return doc


def trigger(doc: dict[str, Any]) -> Any:
    return doc["on"] if "on" in doc else doc[True]  # YAML 1.1 reads a bare `on` as true


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [s for s in job["steps"] if s.get("name") == name or s.get("id") == name]
    return found


def comment(body: str, on_pull: bool = True, number: int = 7) -> dict[str, Any]:
    issue: dict[str, Any] = {"number": number}
    if on_pull:
        issue["pull_request"] = {"url": f"https://api.github.com/repos/o/r/pulls/{number}"}
    return {
        "github": {
            "event_name": "issue_comment",
            "actor": "maya",
            "event": {"issue": issue, "comment": {"body": body, "user": {"login": "maya"}}},
        }
    }


def test_it_is_called_and_asks_for_no_permission_itself() -> None:
    doc = load(WORKFLOW)
    assert set(trigger(doc)) == {"workflow_call"}
    inputs = trigger(doc)["workflow_call"]["inputs"]
    assert [k for k, v in inputs.items() if v.get("required")] == ["fixer"]
    assert inputs["install"]["default"] == "auto"
    assert doc["permissions"] == {}
    assert "concurrency" not in doc  # on the jobs: a comment that is not /fixer enters none


def test_only_the_publishing_job_may_write() -> None:
    jobs = load(WORKFLOW)["jobs"]
    prepare, publish = jobs["prepare"], jobs["publish"]
    assert set(jobs) == {"prepare", "publish"}
    assert prepare["permissions"] == {
        "contents": "read",
        "pull-requests": "read",
        "actions": "read",
        "checks": "read",
    }
    assert publish["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
        "checks": "write",
    }
    assert publish["needs"] == "prepare"
    # publish checks out fixer only, never the pull request, and runs no install
    checkouts = [s for s in publish["steps"] if s.get("uses", "").startswith("actions/checkout")]
    assert [c["with"]["repository"] for c in checkouts] == ["${{ steps.fixer.outputs.repository }}"]
    assert all("install" not in (s.get("name") or "").lower() for s in publish["steps"])
    head = step(prepare, "Check out the pull request's head")
    assert head["with"]["persist-credentials"] is False
    modes = {
        name: [s["with"]["mode"] for s in job["steps"] if "mode" in s.get("with", {})]
        for name, job in jobs.items()
    }
    assert modes == {"prepare": ["output"], "publish": ["publish"]}


@pytest.mark.parametrize(
    ("context", "starts"),
    [
        (comment("/fixer"), True),
        (comment("/fixer please, the mypy job"), True),
        (comment("Thanks, looks good"), False),
        (comment("see /fixer"), False),
        (comment("/fixer", on_pull=False), False),  # an issue, not a pull request
        (
            {
                "github": {
                    "event_name": "workflow_dispatch",
                    "event": {"inputs": {"pr-number": "7"}},
                }
            },
            True,
        ),
        ({"github": {"event_name": "push", "event": {}}}, False),
    ],
    ids=["fixer", "fixer-args", "other", "not-first", "issue", "dispatch", "push"],
)
def test_only_fixer_comments_start_jobs(context: dict[str, Any], starts: bool) -> None:
    jobs = load(WORKFLOW)["jobs"]
    assert bool(evaluate(jobs["prepare"]["if"], context)) is starts
    # publish follows prepare: after a success or a failure (the reply), never a skip
    for result, runs in (("success", True), ("failure", True), ("skipped", False)):
        ctx = {**context, "needs": {"prepare": {"result": result}}, "cancelled()": False}
        assert bool(evaluate(jobs["publish"]["if"], ctx)) is runs


def test_concurrency_is_per_pull_request_on_each_job() -> None:
    jobs = load(WORKFLOW)["jobs"]
    groups: dict[str, dict[str, str]] = {}
    for name, job in jobs.items():
        concurrency = job["concurrency"]
        assert concurrency["cancel-in-progress"] is False  # a running fix finishes
        groups[name] = {
            n: interpolate(concurrency["group"], ctx)
            for n, ctx in (
                ("comment 7", comment("/fixer", number=7)),
                ("comment 8", comment("/fixer", number=8)),
                (
                    "dispatch 7",
                    {
                        "github": {
                            "event_name": "workflow_dispatch",
                            "event": {"inputs": {"pr-number": "7"}},
                        }
                    },
                ),
            )
        }
    for job in groups.values():
        assert job["comment 7"] == job["dispatch 7"]  # one pull request, one group
        assert job["comment 7"] != job["comment 8"]  # pull requests do not wait for each other
    assert groups["prepare"]["comment 7"] != groups["publish"]["comment 7"]
    assert interpolate(jobs["prepare"]["concurrency"]["group"], comment("/fixer", number=7)) == (
        "fixer-prepare-7"
    )


def bot_run(
    *,
    actor: str = "dependabot[bot]",
    conclusion: str = "failure",
    head_repo: str = "o/r",
    branch: str = "dependabot/pip/mypy-1.19.1",
    sha: str = "a" * 40,
    enabled: object = True,
    bots: str = "dependabot[bot],renovate[bot]",
) -> dict[str, Any]:
    """The context of a caller triggered by ``workflow_run`` (completed)."""
    run = {
        "id": 99,
        "html_url": "https://github.com/o/r/actions/runs/99",
        "conclusion": conclusion,
        "head_sha": sha,
        "head_branch": branch,
        "head_repository": {"full_name": head_repo},
        "actor": {"login": actor},
        "pull_requests": [],
    }
    return {
        "github": {
            "event_name": "workflow_run",
            "repository": "o/r",
            "actor": actor,
            "event": {"action": "completed", "workflow_run": run},
        },
        "inputs": {"bot-pull-requests": enabled, "bots": bots},
    }


@pytest.mark.parametrize(
    ("context", "starts"),
    [
        (bot_run(), True),
        (bot_run(actor="renovate[bot]", branch="renovate/mypy-1.x"), True),
        (bot_run(actor="Dependabot[bot]"), True),  # GitHub compares strings ignoring case
        (bot_run(enabled=False), False),  # opt-in
        (bot_run(enabled=None), False),  # the input left out
        (bot_run(conclusion="success"), False),
        (bot_run(conclusion="cancelled"), False),
        (bot_run(head_repo="alice/r"), False),  # a fork's
        (bot_run(branch="fixer/pr-7"), False),  # fixer's own
        (bot_run(actor="pat"), False),  # not a bot's: /fixer asks
        (bot_run(actor="dependabot"), False),  # a name inside a listed one is not it
        (bot_run(actor="my-renovate", bots="my-renovate"), True),
    ],
    ids=[
        "dependabot",
        "renovate",
        "case",
        "off",
        "unset",
        "passed",
        "cancelled",
        "fork",
        "fixer-branch",
        "human",
        "substring",
        "own-bot",
    ],
)
def test_a_bots_red_run_starts_the_jobs_when_enabled(context: dict[str, Any], starts: bool) -> None:
    jobs = load(WORKFLOW)["jobs"]
    assert bool(evaluate(jobs["prepare"]["if"], context)) is starts
    ctx = {**context, "needs": {"prepare": {"result": "success" if starts else "skipped"}}}
    assert bool(evaluate(jobs["publish"]["if"], {**ctx, "cancelled()": False})) is starts


def test_a_bots_run_is_fixed_once_per_head_commit() -> None:
    """Both jobs are grouped by the head commit, so the publishers of two failed
    workflows of one head run one after the other, and the second finds the first's
    record; the runs reach fixer by their address, never with an actor to check."""
    jobs = load(WORKFLOW)["jobs"]
    for name in ("prepare", "publish"):
        job = jobs[name]
        group = job["concurrency"]["group"]
        ci, lint = bot_run(), bot_run()
        lint["github"]["event"]["workflow_run"]["id"] = 100
        other = bot_run(sha="b" * 40)
        assert interpolate(group, ci) == interpolate(group, lint) == f"fixer-{name}-{'a' * 40}"
        assert interpolate(group, other) != interpolate(group, ci)
        assert job["concurrency"]["cancel-in-progress"] is False
        env = {k: interpolate(str(v), bot_run()) for k, v in job["env"].items()}
        assert env["RUN_URL"] == "https://github.com/o/r/actions/runs/99"
        assert env["PR_NUMBER"] == ""
        (fix,) = [s for s in job["steps"] if s.get("uses") == "./.fixer"]
        assert fix["with"]["workflow-run"] == "${{ env.RUN_URL }}"
        assert fix["with"]["bots"] == "${{ inputs.bots }}"
    # the unprivileged job checks out the run's head commit, a comment's pull request head
    head = step(jobs["prepare"], "Check out the pull request's head")
    for context, ref in ((bot_run(), "a" * 40), (comment("/fixer", number=7), "refs/pull/7/head")):
        env = {k: interpolate(str(v), context) for k, v in jobs["prepare"]["env"].items()}
        assert interpolate(head["with"]["ref"], {**context, "env": env}) == ref
    # and looks for fixer's record on the head before installing anything
    actor = step(jobs["prepare"], "actor")["run"]
    assert "commits/$HEAD_SHA/check-runs?check_name=fixer" in actor
    inputs = trigger(load(WORKFLOW))["workflow_call"]["inputs"]
    assert inputs["bot-pull-requests"]["default"] is False  # opt-in
    assert inputs["bots"]["default"] == "dependabot[bot],renovate[bot]"


def bash(script: str, cwd: Path, env: dict[str, str]) -> dict[str, str]:
    """Run a step's script as the runner does; its $GITHUB_OUTPUT, read back."""
    output = cwd.parent / f"output-{cwd.name}"
    output.write_text("")
    done = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(output), **env},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    lines = iter(output.read_text().splitlines())
    found: dict[str, str] = {}
    for line in lines:  # name=value, or name<<DELIMITER, its lines, DELIMITER
        if "<<" in line and "=" not in line.split("<<")[0]:
            name, end = line.split("<<", 1)
            found[name] = "\n".join(iter(lambda: next(lines), end))
        else:
            name, _, value = line.partition("=")
            found[name] = value
    return found


LAYOUTS: list[tuple[dict[str, str], str, list[str], str]] = [
    ({"pyproject.toml": "", "uv.lock": ""}, "auto", ["uv sync"], ".venv/bin/python"),
    ({"pyproject.toml": "", "poetry.lock": ""}, "auto", ["poetry install"], ".venv/bin/python"),
    ({"pyproject.toml": ""}, "auto", ["pip install --quiet -e '.[dev]'"], ".venv/bin/python"),
    ({"setup.py": ""}, "auto", ["pip install --quiet -e '.[dev]'"], ".venv/bin/python"),
    (
        {"backend/pyproject.toml": "", "backend/poetry.lock": "", "frontend/package-lock.json": ""},
        "auto",
        ["cd 'backend' && ", "poetry install", "cd 'frontend' && npm ci"],
        "backend/.venv/bin/python",
    ),
    ({"package-lock.json": "", "package.json": ""}, "auto", ["cd '.' && npm ci"], ""),
    ({"pyproject.toml": "", "uv.lock": ""}, "none", [], ""),
    ({"pyproject.toml": ""}, "make deps", ["make deps"], ""),
]


@pytest.mark.parametrize(("files", "install", "commands", "python"), LAYOUTS)
def test_the_install_is_detected_from_the_project(
    tmp_path: Path, files: dict[str, str], install: str, commands: list[str], python: str
) -> None:
    project = tmp_path / "project"
    for rel, text in files.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)
    detect = step(load(WORKFLOW)["jobs"]["prepare"], "detect")
    assert detect["if"] == "steps.actor.outputs.write == 'true'"  # no install for a stranger
    out = bash(detect["run"], project, {"INSTALL": install, "PYTHON": ""})
    for command in commands:
        assert command in out["install"], out
    assert bool(out["install"]) is bool(commands)
    assert out["python"] == python


@pytest.mark.parametrize(
    ("given", "ok"),
    [
        ("octo/fixer@v1", True),
        ("octo/fixer@" + "a" * 40, True),
        ("octo/fixer", False),
        ("octo/fixer@v1; rm -rf /", False),
    ],
)
def test_where_fixer_is_published(tmp_path: Path, given: str, ok: bool) -> None:
    for name in ("prepare", "publish"):
        where = step(load(WORKFLOW)["jobs"][name], "fixer")
        output = tmp_path / "out"
        output.write_text("")
        done = subprocess.run(
            ["bash", "-e", "-c", where["run"]],
            cwd=tmp_path,
            env={"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(output), "FIXER": given},
            capture_output=True,
            text=True,
        )
        assert (done.returncode == 0) is ok, done.stdout
        if ok:
            repo, ref = given.split("@")
            assert output.read_text().splitlines() == [f"repository={repo}", f"ref={ref}"]


def caller_lines() -> str:
    readme = (ROOT / "README.md").read_text()
    (block,) = re.findall(r"```yaml\n(# \.github/workflows/fixer\.yml\n.*?)```", readme, re.S)
    return str(block)


def test_the_readme_shows_the_bots_variant() -> None:
    readme = (ROOT / "README.md").read_text()
    (text,) = re.findall(
        r"```yaml\n(# \.github/workflows/fixer\.yml, with bots.*?)```", readme, re.S
    )
    caller = yaml.safe_load(text)
    on = trigger(caller)
    assert set(on) == {"issue_comment", "workflow_run"}
    assert on["workflow_run"]["types"] == ["completed"] and on["workflow_run"]["workflows"]
    (job,) = caller["jobs"].values()
    assert job["uses"] == "OWNER/fixer/.github/workflows/fixer.yml@REF"
    assert job["with"] == {"fixer": "OWNER/fixer@REF", "bot-pull-requests": True}
    assert job["permissions"] == yaml.safe_load(caller_lines())["jobs"]["fixer"]["permissions"]
    inputs = trigger(load(WORKFLOW))["workflow_call"]["inputs"]
    assert set(job["with"]) <= set(inputs)
    # what the caller's event gives the reusable workflow starts its jobs
    context = bot_run()
    context["inputs"] = {**context["inputs"], **job["with"]}
    assert evaluate(load(WORKFLOW)["jobs"]["prepare"]["if"], context)


def test_the_readme_calls_it_in_about_ten_lines() -> None:
    text = caller_lines()
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) <= 14
    caller = yaml.safe_load(text)
    assert set(trigger(caller)) == {"issue_comment"}
    (job,) = caller["jobs"].values()
    assert job["uses"] == "OWNER/fixer/.github/workflows/fixer.yml@REF"
    assert job["with"] == {"fixer": "OWNER/fixer@REF"}
    # the caller grants what the two jobs ask for, no more
    jobs = load(WORKFLOW)["jobs"]
    asked: dict[str, str] = {}
    for j in jobs.values():
        for scope, level in j["permissions"].items():
            asked[scope] = "write" if "write" in (level, asked.get(scope)) else level
    assert job["permissions"] == asked
    inputs = trigger(load(WORKFLOW))["workflow_call"]["inputs"]
    assert set(job["with"]) <= set(inputs)
