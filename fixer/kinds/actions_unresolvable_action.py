"""``actions.unresolvable-action``: the runner cannot download a ``uses:`` action.

Located at the workflow line that uses it; never fixed: which action or version to use
instead is a human decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from fixer.diagnose.actions import ActionsParser
from fixer.diagnose.paths import RepoIndex
from fixer.kinds.base import Kind
from fixer.model import Finding


class ActionsUnresolvableAction(Kind):
    id = "actions.unresolvable-action"
    title = "A GitHub Action that cannot be resolved"
    parser = ActionsParser
    recognizes = "the runner cannot resolve a `uses:` action"
    not_fixable = "which action or version to use instead is a human decision; fixer does not guess"

    def likely_place(self, finding: Finding) -> str | None:
        """A workflow of the repository: one of them ``uses:`` the action."""
        return None if finding.resolved else ".github/workflows/"

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """The first workflow line that uses the action."""
        action = finding.details.get("action", "")
        uses = re.compile(rf"""^\s*(?:-\s*)?uses:\s*["']?{re.escape(action)}(?:@|["'\s]|$)""")
        for path, text in index.workflow_texts:
            for number, line in enumerate(text.splitlines(), start=1):
                if uses.search(line):
                    return replace(finding, path=path, line=number, resolved=True)
        return finding
