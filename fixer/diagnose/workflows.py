"""What the workflow files say about where each step runs.

Tools print paths relative to the step's working directory, which comes from the
step's ``working-directory``, else the job's ``defaults.run.working-directory``,
else the workflow's. A job in the log is named by its ``name:`` (or its id), with
the matrix values in parentheses for matrix jobs: ``backend (3.11)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

EXPR = re.compile(r"\$\{\{.*?\}\}")


@dataclass(frozen=True, slots=True)
class WorkflowStep:
    name: str | None
    run: str | None
    uses: str | None
    workdir: str | None


@dataclass(frozen=True, slots=True)
class WorkflowJob:
    file: str  # repo-relative path of the workflow
    id: str
    name: str | None
    workdir: str | None  # defaults.run.working-directory of the job or workflow
    steps: tuple[WorkflowStep, ...]

    def matches(self, log_name: str) -> bool:
        """Whether a job of the log (``backend (3.11)``) is this workflow job."""
        wanted = log_name.rsplit(" / ", 1)[-1]  # reusable workflows: "caller / job"
        for label in filter(None, (self.name, self.id)):
            pattern = ".+?".join(re.escape(p) for p in EXPR.split(label))
            if re.fullmatch(rf"{pattern}(?: \(.*\))?", wanted):
                return True
        return False

    def step_for(self, step: str | None, command: str | None) -> WorkflowStep | None:
        """The workflow step that the log's step name or ``##[group]Run`` command is."""
        first = command.strip().splitlines()[0].strip() if command and command.strip() else None
        for candidate in self.steps:
            if step and candidate.name and candidate.name.strip() == step.strip():
                return candidate
        for candidate in self.steps:
            run = candidate.run.strip().splitlines()[0].strip() if candidate.run else None
            if first and run and (run == first or EXPR.sub("", run) == EXPR.sub("", first)):
                return candidate
            if step and run and step == f"Run {run}":
                return candidate
        return None

    def workdir_for(self, step: str | None, command: str | None) -> str | None:
        found = self.step_for(step, command)
        workdir = found.workdir if found and found.workdir else self.workdir
        return None if workdir is None or EXPR.search(workdir) else workdir


def parse_workflow(path: str, text: str) -> tuple[WorkflowJob, ...]:
    """The jobs of one workflow file (invalid YAML gives none)."""
    import yaml  # only needed when a repository is given

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's is 10x as fast
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return ()
    if not isinstance(data, dict):
        return ()
    default = _run_workdir(data)
    jobs = data.get("jobs")
    if not isinstance(jobs, dict):
        return ()
    out = []
    for job_id, job in jobs.items():
        if not isinstance(job, dict):
            continue
        steps = tuple(_step(s) for s in job.get("steps") or () if isinstance(s, dict))
        name = job.get("name")
        out.append(
            WorkflowJob(
                path,
                str(job_id),
                str(name) if name is not None else None,
                _run_workdir(job) or default,
                steps,
            )
        )
    return tuple(out)


def _run_workdir(node: dict[str, Any]) -> str | None:
    defaults = node.get("defaults")
    run = defaults.get("run") if isinstance(defaults, dict) else None
    workdir = run.get("working-directory") if isinstance(run, dict) else None
    return str(workdir) if workdir is not None else None


def _step(node: dict[str, Any]) -> WorkflowStep:
    def text(key: str) -> str | None:
        value = node.get(key)
        return str(value) if value is not None else None

    return WorkflowStep(text("name"), text("run"), text("uses"), text("working-directory"))
