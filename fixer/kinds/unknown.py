"""``unknown``: a failing step with no recognized cause (made by the aggregation, from
the job, the step and its last error lines)."""

from __future__ import annotations

from fixer.kinds.base import Kind


class Unknown(Kind):
    id = "unknown"
    title = "Unrecognized failure"
    parser = None
    recognizes = "any other failing step: the job, the step and its last error lines"
    not_fixable = "fixer does not recognize this failure"
