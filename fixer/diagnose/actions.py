"""An action the runner could not download, reported in the job's "Set up job" step:

- ``##[error]Unable to resolve action `owner/name`, repository not found``
- ``##[error]Unable to resolve action `owner/name@ref`, unable to find version `ref```

Not fixable: the right action or version is a human decision.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.model import Finding

UNRESOLVABLE = re.compile(
    r"Unable to resolve action `(?P<action>[^`@]+)(?:@(?P<ref>[^`]+))?`,\s*(?P<reason>"
    r"repository not found|unable to find version(?: `(?P<version>[^`]+)`)?)"
)


class ActionsParser(Parser):
    emits = frozenset({"actions.unresolvable-action"})
    rank = 60
    triggers = (b"Unable to resolve action",)

    def feed(self, hit: Hit) -> None:
        match = UNRESOLVABLE.search(strip_marker(hit.text))
        if not match:
            return
        action = match.group("action")
        ref = match.group("ref") or match.group("version")
        reason = (
            "repository not found"
            if "repository" in match.group("reason")
            else ("unable to find version")
        )
        details = {"action": action, "reason": reason}
        if ref:
            details["ref"] = ref
        if reason == "repository not found":
            fix = (
                f"Check that `{action}` exists and is public (it may have been renamed, "
                "moved or deleted), or replace it with a maintained action or a CLI step."
            )
        else:
            fix = f"Use a tag, branch or SHA of `{action}` that exists (`{ref}` does not)."
        hit.report(
            Finding(
                kind="actions.unresolvable-action",
                tool="actions",
                message=f"Unable to resolve action `{action}{'@' + ref if ref else ''}`, {reason}",
                fix=fix,
                details=details,
                ident=action,
            ),
            latent=True,
        )
