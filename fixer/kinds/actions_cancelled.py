"""``actions.cancelled``: a job was cancelled, and nothing else explains it.

The runner ends the running step with ``##[error]The operation was canceled.``. The
parser reports every such line with its step; the aggregation keeps it only when the
cancellation is a cause of its own (:func:`fixer.diagnose.aggregate.diagnose`): not when
the job shows another cause (an error it printed first, a timeout), not when another job
of the run failed (fail-fast and ``needs:`` cancel the rest), and not for a matrix job
(``test (3.12)``) with nothing else in its log, which fail-fast cancels when a sibling
fails. What is left was cancelled by a person, by a newer run of its ``concurrency:``
group, or by the runner going away.
"""

from __future__ import annotations

from fixer.contract import Hit, Parser
from fixer.kinds.base import Kind
from fixer.model import Finding

CANCELED = "##[error]The operation was canceled."


class CancelledParser(Parser):
    emits = frozenset({"actions.cancelled"})
    rank = 92
    triggers = (b"The operation was canceled.",)

    def feed(self, hit: Hit) -> None:
        if hit.text.strip() != CANCELED:
            return
        step = hit.step or "a step"
        hit.report(
            Finding(
                kind="actions.cancelled",
                tool="actions",
                message=f"The job was cancelled while `{step}` ran",
                fix=(
                    "Nothing in the job's log explains the cancellation: it was cancelled by"
                    " a person, by a newer run of its `concurrency:` group"
                    " (`cancel-in-progress`), or the runner went away. Re-run it; if a newer"
                    " run superseded it, that run's result is the one that counts."
                ),
                details={"step": hit.step or ""},
                ident="cancelled",
            )
        )


class ActionsCancelled(Kind):
    id = "actions.cancelled"
    title = "A job cancelled with no cause in its log"
    parser = CancelledParser
    recognizes = (
        "`The operation was canceled.` when it is no consequence: not after the job's own"
        " error or timeout, not when another job failed, not a matrix job's fail-fast"
    )
    not_fixable = "a cancellation is not a fault in the repository"
