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
