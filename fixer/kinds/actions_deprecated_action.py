"""``actions.deprecated-action``: GitHub fails a job that uses a retired action version.

GitHub answers the runner's request for the action with ``This request has been
automatically failed because it uses a deprecated version of `actions/upload-artifact:
v3`. Learn more: https://github.blog/changelog/...``, which the runner writes as an error
while it sets the job up. Located, as an unresolvable action is, at the workflow line that
uses it.

Never fixed: a newer major version is not a drop-in (upload-artifact v4's artifacts are
immutable, so a name uploaded twice in one run fails, and download-artifact must move too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fixer.contract import Hit, Parser, strip_marker
from fixer.diagnose.paths import RepoIndex
from fixer.kinds.actions_unresolvable_action import ActionsUnresolvableAction
from fixer.kinds.base import Kind
from fixer.model import Finding

DEPRECATED = re.compile(
    r"automatically failed because it uses a deprecated version of `?(?P<action>[\w.-]+/[\w./-]+?)"
    r"(?::\s*|@)(?P<version>[\w.-]+)`?\.?(?:\s+Learn more:\s+(?P<url>\S+))?"
)


class DeprecatedActionParser(Parser):
    emits = frozenset({"actions.deprecated-action"})
    rank = 61
    triggers = (b"uses a deprecated version of",)

    def feed(self, hit: Hit) -> None:
        match = DEPRECATED.search(strip_marker(hit.text))
        if not match:
            return
        action, version = match["action"], match["version"]
        details = {"action": action, "ref": version}
        if match["url"]:
            details["notice"] = match["url"]
        artifacts = action in ("actions/upload-artifact", "actions/download-artifact")
        fix = (
            f"Move `{action}@{version}` to a supported major version (v4 or later) in the"
            " workflow"
            + (
                "; from v4 an artifact name can be uploaded once per run and"
                " download-artifact must be v4 too"
                if artifacts
                else "; read its release notes for what changed"
            )
            + "."
        )
        hit.report(
            Finding(
                kind="actions.deprecated-action",
                tool="actions",
                message=f"GitHub fails `{action}@{version}`: a deprecated version",
                fix=fix,
                details=details,
                ident=f"{action}@{version}",
            ),
            latent=True,
        )


class ActionsDeprecatedAction(Kind):
    id = "actions.deprecated-action"
    title = "A deprecated action version GitHub now fails"
    parser = DeprecatedActionParser
    recognizes = (
        "`This request has been automatically failed because it uses a deprecated version of"
        " `actions/upload-artifact: v3``, located at the workflow line"
    )
    not_fixable = (
        "a newer major version is not a drop-in (upload-artifact v4's artifacts are immutable);"
        " the move is the maintainer's"
    )

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """The first workflow line that uses the action, as for an unresolvable one."""
        return _USES.locate(finding, dirs, index)


_USES = ActionsUnresolvableAction()
