"""``actions.killed``: a step's process was killed by a signal.

The runner ends the step with ``##[error]Process completed with exit code 137.`` (128 + 9,
SIGKILL: on a hosted runner most often the kernel's out-of-memory killer) or ``... exit code
143.`` (128 + 15, SIGTERM: a supervisor, a container stop, the runner shutting down), and
bash has usually printed the job that died (``line 1:  4242 Killed  python train.py``,
``Terminated``), which is taken as evidence with the exit line. The runner's own
``The runner has received a shutdown signal.`` is the same cause.

Never fixed: what used the memory, or who sent the signal, is for a human to find.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding

EXIT = re.compile(r"^##\[error\]Process completed with exit code (?P<code>137|143)\.")
SHUTDOWN = "The runner has received a shutdown signal"
DIED = re.compile(r"\b(?:Killed|Terminated|Out of memory|oom-kill|OOMKilled)\b")
SIGNALS = {"137": "SIGKILL", "143": "SIGTERM"}
LOOKBACK = 20


class KilledParser(Parser):
    emits = frozenset({"actions.killed"})
    rank = 90
    triggers = (b"with exit code 137.", b"with exit code 143.", SHUTDOWN.encode())

    def feed(self, hit: Hit) -> None:
        text = hit.text
        if SHUTDOWN in text:
            self._report(hit, "", "the runner received a shutdown signal", ())
            return
        match = EXIT.match(text)
        if not match:
            return
        code = match["code"]
        died: list[Evidence] = []
        before = hit.before(LOOKBACK)
        for back, line in enumerate(reversed(before), start=1):
            if DIED.search(line):
                died.append(hit.evidence(strip_marker(line).strip(), hit.line - back))
                break
        signal = SIGNALS[code]
        why = (
            "SIGKILL: most often the runner ran out of memory"
            if code == "137"
            else "SIGTERM: stopped from outside"
        )
        self._report(hit, code, f"exit code {code}, {why}", tuple(died), signal)

    def _report(
        self, hit: Hit, code: str, why: str, died: tuple[Evidence, ...], signal: str = ""
    ) -> None:
        step = hit.step or "a step"
        details = {"step": hit.step or ""}
        if code:
            details["exit_code"] = code
            details["signal"] = signal
        if code == "137":
            fix = (
                f"Find what filled the memory in `{step}` (its last lines): lower its"
                " parallelism (`pytest -n`, `make -j`, a bundler's workers), process less at"
                " once, or run it on a larger runner; a SIGKILL without memory pressure comes"
                " from a `timeout -s KILL` or a container limit."
            )
        elif code == "143":
            fix = (
                f"Find who stopped `{step}`: a `timeout` wrapper, a container's stop, or the"
                " runner shutting down (a cancelled or superseded run); re-run it if nothing"
                " in the job sent the signal."
            )
        else:
            fix = (
                "The runner machine was stopped while the job ran (a self-hosted runner's"
                " service, or a hosted runner's shutdown); re-run the job."
            )
        hit.report(
            Finding(
                kind="actions.killed",
                tool="actions",
                message=f"{step} was killed ({why})",
                fix=fix,
                details=details,
                evidence=(*died, hit.evidence()),
                ident=hit.step or "",  # the runner's shutdown and the exit code it caused
            )
        )


class ActionsKilled(Kind):
    id = "actions.killed"
    title = "A step killed by a signal"
    parser = KilledParser
    recognizes = (
        "exit code 137 (SIGKILL, out of memory) or 143 (SIGTERM), the runner's shutdown"
        " signal; the step and bash's `Killed` line"
    )
    not_fixable = "what used the memory, or who sent the signal, is for a human to find"
