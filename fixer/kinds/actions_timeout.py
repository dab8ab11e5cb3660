"""``actions.timeout``: a step or the job ran past its time limit.

- a step's ``timeout-minutes``: ``##[error]The action 'Run tests' has timed out after 1
  minutes.`` (older runners: ``The action has timed out.``); the step fails;
- the job's ``timeout-minutes`` (360 by default on hosted runners): ``##[error]The job
  running on runner GitHub Actions 2 has exceeded the maximum execution time of 5
  minutes.`` (newer runners: ``The job has exceeded the maximum execution time of
  5m0s``), then ``The operation was canceled.``: the job ends cancelled.

The finding names the step that was running and the limit as printed. Never fixed:
whether the step hangs or the limit is too low is for a human to judge.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

STEP = re.compile(
    r"The action (?:'(?P<name>.*)' )?has timed out(?: after (?P<limit>\d+) minutes?)?\."
)
JOB = re.compile(
    r"The job (?:running on runner (?P<runner>.+?) )?has exceeded the maximum execution time"
    r" of (?P<limit>\d+ minutes|\d+[hms][\dhms]*|\d+)"
)


class TimeoutParser(Parser):
    emits = frozenset({"actions.timeout"})
    rank = 91
    triggers = (b"has timed out", b"exceeded the maximum execution time")

    def feed(self, hit: Hit) -> None:
        if not hit.text.startswith(("##[error]", "Error: ")):
            return  # the runner's error (``Error:`` in a copy of the web UI), no tool's words
        text = strip_marker(hit.text).removeprefix("Error: ")
        step_match = STEP.match(text)
        job_match = None if step_match else JOB.match(text)
        if step_match is None and job_match is None:
            return
        step = hit.step or ""
        if step_match is not None:
            scope = "step"
            limit = step_match["limit"]
            limit = f"{limit} minutes" if limit else ""
            name = step_match["name"] or step
            message = f"{name or 'A step'} timed out" + (f" after {limit}" if limit else "")
            fix = (
                f"Find why `{name}` hangs or slowed down (its last lines before the timeout);"
                " raise the step's `timeout-minutes` only if it is expected to take longer."
            )
        else:
            assert job_match is not None
            scope = "job"
            limit = job_match["limit"]
            message = f"The job ran past its time limit ({limit}) while `{step}` ran"
            fix = (
                f"Find why `{step}` hangs or slowed down (its last lines before the limit);"
                " raise the job's `timeout-minutes` only if it is expected to take longer"
                " (hosted runners stop a job after 6 hours whatever it says)."
            )
        details = {"scope": scope, "step": step}
        if limit:
            details["limit"] = limit
        hit.report(
            Finding(
                kind="actions.timeout",
                tool="actions",
                message=message,
                fix=fix,
                details=details,
                ident=f"{scope}|{step}",
            ),
            latent=True,  # the runner ends a timed-out step with no exit code
        )


class ActionsTimeout(Kind):
    id = "actions.timeout"
    title = "A step or job that ran out of time"
    parser = TimeoutParser
    recognizes = (
        "a step's `timeout-minutes` (`The action '...' has timed out after N minutes`) and the"
        " job's (`has exceeded the maximum execution time`), with the step that was running"
    )
    not_fixable = "whether the step hangs or its limit is too low is for a human to judge"
