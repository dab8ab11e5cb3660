"""The texts fixer posts on GitHub: the fix pull request's title and body, and its comments.

Pure: values in, strings out. Every body ends with the pull request's hidden marker
(:attr:`Target.marker`), by which a later run finds the text to edit instead of posting
again, and fits GitHub's limit of 65,536 characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from fixer.model import FixResult
from fixer.pr.target import Target
from fixer.redact import mask
from fixer.report import fix as fix_report

MAX_BODY = 65_536
_CUT = "\n\n*The rest of the report is cut: GitHub limits a text to 65,536 characters.*"
MAX_TITLE = 200  # the longest title fixer.pr.artifact reads back
RERUN = "Comment `/fixer` on {ref} to run fixer again; this text is then updated in place."


def title(result: FixResult, target: Target) -> str:
    """The commit's subject, which says what the fix does in the maintainer's words
    (``fix(types): add type arguments to 3 bare generics in app/models.py``), then
    `` (#N)``; cut to GitHub's limit at a word."""
    subject = (result.message or "fix(ci): the CI failures").splitlines()[0].strip()
    tail = f" (#{target.number})"
    room = MAX_TITLE - len(tail)
    if len(subject) > room:
        subject = subject[: room - 1].rsplit(" ", 1)[0] + "…"
    return subject + tail


def report(result: FixResult, sources: Sequence[str]) -> str:
    """The fix's markdown report, without the local commit (the pushed one may differ)."""
    return mask(fix_report.to_markdown(replace(result, commit=None, branch=None), sources))


def pr_body(target: Target, head_ref: str, head_sha: str, analysis: str) -> str:
    intro = (
        f"Fixes the failing CI of {target}: merging this pull request into `{head_ref}` "
        f"applies fixes that fixer checked with the project's own tools (the report says "
        f"which checks ran, and which fix is not verified), on top of "
        f"`{head_sha[:12]}`.\n\n" + RERUN.format(ref=target)
    )
    return mask(fit(intro, analysis, target))


def fork_comment(target: Target, head_repo: str | None, head_ref: str, analysis: str) -> str:
    where = f"`{head_repo}`" if head_repo else "the fork (it was deleted)"
    intro = (
        f"fixer fixed and verified the failing CI of this pull request, but it cannot push to "
        f"{where}. To apply the fix, copy the **Diff** below into `fix.patch` and run "
        f"`git apply fix.patch` on `{head_ref}`.\n\n" + RERUN.format(ref="this pull request")
    )
    return mask(fit(intro, analysis, target))


def diagnosis_comment(target: Target, head_sha: str, analysis: str) -> str:
    intro = (
        f"fixer read the failing CI of this pull request (head `{head_sha[:12]}`) and found "
        "nothing it can fix and verify automatically. Its analysis:\n\n"
        + RERUN.format(ref="this pull request")
    )
    return mask(fit(intro, analysis, target))


def nothing_comment(target: Target, actor: str, summary: str) -> str:
    text = (
        f"@{actor}, fixer found {summary}: there is nothing to fix yet. Comment `/fixer` "
        "again once a workflow run of this pull request has failed."
    )
    return f"{text}\n\n{target.marker}\n"


def review_body(target: Target, head_sha: str, count: int, analysis: str) -> str:
    """The review that carries a verified fix as suggested changes."""
    changes = "one suggested change" if count == 1 else f"{count} suggested changes"
    intro = (
        f"fixer fixed and verified the failing CI of this pull request (head "
        f"`{head_sha[:12]}`): the fix is the {changes} below. Apply them with "
        '"Add suggestion to batch" and "Commit suggestions" (one commit), or one by one '
        'with "Commit suggestion".\n\n' + RERUN.format(ref="this pull request")
    )
    return mask(fit(intro, analysis, target))


def stale_fix_note(target: Target, head_sha: str) -> str:
    return (
        f"The head of {target} moved to `{head_sha[:12]}`, where fixer found nothing it can "
        "fix and verify: this fix no longer applies, so fixer closes it. Its analysis of the "
        f"new head is on {target}."
    )


def superseded_comment(target: Target, head_sha: str, fix_url: str) -> str:
    text = f"fixer opened {fix_url} with a verified fix for the CI of head `{head_sha[:12]}`."
    return f"{text}\n\n{target.marker}\n"


def refusal(target: Target, actor: str, permission: str) -> str:
    return (
        f"@{actor}, thanks for asking. fixer runs only when someone with write access to "
        f"`{target.repo}` asks for it (yours is `{permission}`), because it runs the pull "
        "request's code. A maintainer can comment `/fixer` to start it."
    )


def fit(intro: str, analysis: str, target: Target) -> str:
    """``intro``, ``analysis`` and the marker, the analysis cut at a line to fit the limit."""
    tail = f"\n\n{target.marker}\n"
    room = MAX_BODY - len(intro) - len(tail) - 2
    text = analysis.rstrip("\n")
    if len(text) > room:
        cut = text[: room - len(_CUT) - 8]
        cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
        if cut.count("```") % 2:
            cut += "\n```"
        text = cut + _CUT
    return f"{intro}\n\n{text}{tail}"
