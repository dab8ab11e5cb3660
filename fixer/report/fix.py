"""Reports of ``fixer fix``: the diagnosis, then what was changed, how it was proven,
and what is left for a human. Pure: values in, strings out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from fixer import redact, report
from fixer.kinds import subject as kind_subject
from fixer.kinds import title as kind_title
from fixer.model import Finding, FixResult, Outcome, Verification
from fixer.verify.verdicts import NOT_RUN

LABEL = {
    "fixed": "fixed, verified",
    "unchanged": "already fixed",
    "skipped": "skipped",
    "failed": "failed, rolled back",
    "unverified": "fixed, NOT verified",
    "tool-error": "not proven (a tool crashed or timed out)",
}


def counts(result: FixResult) -> dict[str, int]:
    found: Counter[str] = Counter(o.status for o in result.outcomes for _ in o.findings)
    return {s: found[s] for s in LABEL}


def summary_line(result: FixResult) -> str:
    c = counts(result)
    parts = [f"{c['fixed']} fixed and verified"]
    parts += [
        f"{c[s]} {LABEL[s]}"
        for s in ("unverified", "unchanged", "skipped", "failed", "tool-error")
        if c[s]
    ]
    left = _not_fixable(result)
    if left:
        parts.append(f"{len(left)} left for a human")
    return ", ".join(parts)


def _not_fixable(result: FixResult) -> list[str]:
    handled = {f.key for o in result.outcomes for f in o.findings}
    return [f.location for f in result.diagnosis.findings if f.key not in handled]


def to_text(
    result: FixResult,
    style: report.Style = report.PLAIN,
    diff: str = "",
    sources: Sequence[str] = (),
) -> str:
    s = style
    out: list[str] = []
    if diff:
        out.append(diff.rstrip("\n"))
        out.append("")
    for outcome in result.outcomes:
        colour = {"fixed": s.green, "unchanged": s.green, "failed": s.red}.get(
            outcome.status, s.yellow
        )
        for finding in outcome.findings:
            out.append(
                f"{s.bold}{finding.location}{s.reset} {s.cyan}{finding.kind}{s.reset}: "
                f"{finding.message} [{colour}{LABEL[outcome.status]}{s.reset}]"
            )
        if outcome.reason:
            out.append(f"    {s.dim}why:{s.reset} {outcome.reason}")
        for v in outcome.verifications:
            out.append(f"    {s.dim}check:{s.reset} {_verification(v)}")
        out += [f"    {s.dim}note:{s.reset} {n}" for n in outcome.notes]
        out += [f"    {s.dim}lock:{s.reset} {x}" for x in lock_summaries(outcome)]
    handled = {f.key for o in result.outcomes for f in o.findings}
    for finding in result.diagnosis.findings:
        if finding.key not in handled:
            out.append(
                f"{s.bold}{finding.location}{s.reset} {s.cyan}{finding.kind}{s.reset}: "
                f"{finding.message} [{s.yellow}report only{s.reset}]"
            )
            out.append(f"    {s.dim}why:{s.reset} {report.why_not_fixable(finding)}")
    out.append(f"{s.bold}{summary_line(result)}{s.reset}")
    out += [f"{s.yellow}{line}{s.reset}" for line in report.caveats(result.diagnosis, sources)]
    if result.commit:
        out.append(f"committed {result.commit[:12]} on branch {result.branch}{_replaced(result)}")
    elif result.dry_run and any(o.changes for o in result.outcomes):
        out.append("dry run: nothing was committed")
    if not result.allow_unverified and any(o.status == "unverified" for o in result.outcomes):
        out.append(
            "fixes that are not verified were not committed (--allow-unverified commits them)"
        )
    steps = next_steps(result)
    if steps:
        head = "nothing here fixer can fix; " if result.nothing_fixable else ""
        out.append(f"{s.bold}{head}next steps for a human:{s.reset}")
        out += [f"  - {step}" for step in steps]
    return "\n".join(out) + "\n"


def _replaced(result: FixResult) -> str:
    if not result.replaced:
        return ""
    if result.replaced == result.commit:
        return ", the same commit an earlier run of fixer made there"
    return f", replacing fixer's own earlier commit {result.replaced[:12]} there"


def next_steps(result: FixResult) -> list[str]:
    """What a human must do for each cause fixer left: its recommended fix, else why
    fixer could not; the run's log when no cause could be read."""
    held: tuple[str, ...] = ("skipped", "failed", "tool-error")
    held += () if result.allow_unverified else ("unverified",)
    steps = [
        f"{f.location}: {LABEL[o.status]} (why: above); "
        + (f"by hand: {f.fix}" if f.fix else "fix it by hand")
        for o in result.outcomes
        if o.status in held
        for f in o.findings
    ]
    handled = {f.key for o in result.outcomes for f in o.findings}
    for f in result.diagnosis.findings:
        if f.key not in handled:
            steps.append(f"{f.location}: {f.fix or report.why_not_fixable(f)}")
    if result.diagnosis.failed and not result.diagnosis.findings:
        steps.append("read the failed step's log: fixer could not tell the cause from it")
    return steps


def lock_summaries(outcome: Outcome) -> list[str]:
    """What each lock file the outcome changed now locks differently: ``uv.lock: 1 added
    (acme-json 2.1.0)`` (:mod:`fixer.report.lockdiff`)."""
    from fixer.report.lockdiff import is_lock, lock_diff, summary

    found = []
    for change in outcome.changes:
        diff = lock_diff(change.path, change.before, change.after) if is_lock(change.path) else None
        if diff is not None:
            found.append(summary(diff))
    return found


def shown_diff(result: FixResult) -> str:
    """The fix's diff as the text and markdown reports show it: a lock file's part is one
    line that names the packages it added, removed and changed
    (:mod:`fixer.report.lockdiff`), not the hundreds of lines a regenerated lock moves."""
    from fixer.report.lockdiff import is_lock, lock_diff, summary

    changes = {c.path: c for o in result.outcomes for c in o.changes}
    out: list[str] = []
    part: list[str] = []

    def flush() -> None:
        head = part[0] if part else ""
        path = head.split(" b/", 1)[1] if head.startswith("diff --git ") and " b/" in head else ""
        change = changes.get(path)
        diff = lock_diff(path, change.before, change.after) if change and is_lock(path) else None
        if diff is None:
            out.extend(part)
        else:
            out.extend([head, f"@@ {summary(diff)} (the lock's diff is not shown) @@"])
        part.clear()

    for line in result.diff.splitlines():
        if line.startswith("diff --git "):
            flush()
        part.append(line)
    flush()
    return "\n".join(out) + ("\n" if out else "")


def _verification(v: Verification) -> str:
    command = " ".join(v.command) or v.tool
    counts_ = (
        "" if v.errors_before is None else f" ({v.errors_before} before, {v.errors_after} after)"
    )
    return f"{command}{counts_}: {verdict(v)}"


def verdict(v: Verification) -> str:
    if not v.ok:
        return f"FAILED: {v.detail}"
    if not v.ran:
        return "NOT RUN: " + v.detail.removeprefix(NOT_RUN)
    return v.detail if v.detail else "passed"


def checks_run(outcomes: Sequence[Outcome]) -> tuple[list[str], list[tuple[str, str]]]:
    """The checks that ran, and the ones that could not run with why, once each."""
    ran = {_name(v) for o in outcomes for v in o.verifications if v.ran}
    missed = {
        (_name(v), v.detail.removeprefix(NOT_RUN))
        for o in outcomes
        for v in o.verifications
        if not v.ran
    }
    return sorted(ran), sorted(missed)


def _name(v: Verification) -> str:
    return " ".join(v.command) or v.tool


def to_markdown(result: FixResult, sources: Sequence[str]) -> str:
    out = [report.to_markdown(result.diagnosis, sources).rstrip("\n"), "", "## Fix", ""]
    if result.committed:
        out += [f"**{subject(list(result.committed))}**", ""]
    out.append(summary_line(result) + ".")
    unverified = [o for o in result.outcomes if o.status == "unverified"]
    if unverified and result.allow_unverified:
        n = sum(len(o.findings) for o in unverified)
        out += [
            "",
            f"**{n} fix(es) are committed without verification**: a check of the "
            "failing tool could not run (`--allow-unverified`); see **Checks** below.",
        ]
    if result.commit:
        out += [
            "",
            f"Committed `{result.commit[:12]}` on branch `{result.branch}`, on top of "
            f"`{result.base[:12]}`{_replaced(result)}.",
        ]
    elif result.dry_run:
        out += ["", "Dry run: nothing was committed."]
    for outcome in result.outcomes:
        out += ["", *_outcome_lines(outcome)]
    ran, missed = checks_run(result.outcomes)
    if ran or missed:
        out += ["", "### Checks", ""]
        out += [f"- ran: `{c}`" for c in ran]
        out += [f"- **did not run**: `{c}` ({why})" for c, why in missed]
    if result.diff:
        out += ["", "### Diff", "", "```diff", shown_diff(result).rstrip("\n"), "```"]
    rows = [v for o in result.outcomes for v in o.verifications]
    if rows:
        out += [
            "",
            "### Verification",
            "",
            "| check | before | after | result |",
            "|---|---|---|---|",
        ]
        for v in rows:
            before = "" if v.errors_before is None else str(v.errors_before)
            after = "" if v.errors_before is None else str(v.errors_after)
            out.append(f"| `{' '.join(v.command) or v.tool}` | {before} | {after} | {verdict(v)} |")
    held: tuple[str, ...] = ("skipped", "failed", "tool-error")
    held += () if result.allow_unverified else ("unverified",)
    left = [o for o in result.outcomes if o.status in held]
    blocked = _not_fixable(result)
    if left or blocked:
        out += ["", "### Left for a human", ""]
        out += [f"- `{o.finding.location}` ({o.finding.kind}): {o.reason}" for o in left]
        out += [f"- `{loc}`: not auto-fixable (see above)" for loc in blocked]
    return "\n".join(out) + "\n"


def _outcome_lines(outcome: Outcome) -> list[str]:
    f = outcome.finding
    title = f"### `{f.location}` — {kind_title(f.kind)}: {LABEL[outcome.status]}"
    out = [title, ""]
    if len(outcome.findings) > 1:
        out.append("Also: " + ", ".join(f"`{x.location}`" for x in outcome.findings[1:]))
        out.append("")
    for change in outcome.changes:
        out.append(f"- `{change.path}` changed by `{change.codemod}` ({change.safety.value})")
    if outcome.reason:
        out.append(f"- {outcome.reason}")
    out += [f"- {n}" for n in outcome.notes]
    out += [f"- {x}" for x in lock_summaries(outcome)]
    if outcome.traceback:
        trace = outcome.traceback.rstrip("\n")
        out += ["", "<details><summary>traceback</summary>", "", "```text", trace, "```"]
        out += ["", "</details>"]
    return out


def to_json(result: FixResult, sources: Sequence[str]) -> str:
    return redact.dumps(json_document(result, sources))


def json_document(result: FixResult, sources: Sequence[str]) -> dict[str, object]:
    """The ``--json`` document of a fix, as a value (the demo nests one per scenario)."""
    doc = report.json_document(result.diagnosis, sources)
    doc["outcomes"] = [
        {
            "status": o.status,
            "findings": [{"kind": f.kind, "path": f.path, "line": f.line} for f in o.findings],
            "reason": o.reason,
            "notes": list(o.notes),
            "locks": lock_summaries(o),
            "traceback": o.traceback,
            "changes": [
                {"path": c.path, "codemod": c.codemod, "safety": c.safety.value} for c in o.changes
            ],
            "verifications": [
                {
                    "tool": v.tool,
                    "command": list(v.command),
                    "cwd": v.cwd,
                    "errors_before": v.errors_before,
                    "errors_after": v.errors_after,
                    "ok": v.ok,
                    "ran": v.ran,
                    "detail": v.detail,
                }
                for v in o.verifications
            ],
        }
        for o in result.outcomes
    ]
    doc["fix"] = {
        "base": result.base,
        "branch": result.branch,
        "commit": result.commit,
        "dry_run": result.dry_run,
        "complete": result.complete,
        "allow_unverified": result.allow_unverified,
        "diff": result.diff,
        "counts": counts(result),
        "replaced": result.replaced,
        "nothing_fixable": result.nothing_fixable,
        "next_steps": next_steps(result),
    }
    return doc


MAX_SUBJECT = 72  # git's and GitHub's habit: longer subjects are cut in listings


def subject(outcomes: Sequence[Outcome]) -> str:
    """``fix(types): add type arguments to 3 bare generics in app/models.py``: what the
    fixes do, in the kinds' words (:func:`fixer.kinds.subject`), one phrase per kind; the
    scope is the kinds' common topic, else ``ci``."""
    by_kind: dict[str, list[Finding]] = {}
    for o in outcomes:
        for f in o.findings:
            by_kind.setdefault(f.kind, []).append(f)
    if not by_kind:
        return "fix(ci): the CI failures"
    said = [kind_subject(found) for found in by_kind.values()]
    topics = {topic for topic, _ in said}
    topic = topics.pop() if len(topics) == 1 else "ci"
    phrases = [phrase for _, phrase in said]
    text = phrases[0] if len(phrases) == 1 else "; ".join(phrases)
    if len(phrases) > 1 and len(f"fix({topic}): {text}") > MAX_SUBJECT:
        more = len(phrases) - 1
        text = f"{phrases[0]}, and {more} more fix{'es' if more > 1 else ''}"
    return f"fix({topic}): {text}"


def commit_message(result: FixResult) -> str:
    fixed = list(result.committed)
    body = [
        line
        for o in fixed
        for line in [
            *(
                f"- {f.location}: {f.message} ({f.kind})"
                + (" (NOT verified)" if o.status != "fixed" else "")
                for f in o.findings
            ),
            *(f"  {x}" for x in lock_summaries(o)),
        ]
    ]
    ran, missed = checks_run(fixed)
    tail = ["", "Verified with: " + "; ".join(ran)] if ran else []
    tail += ["", "Not run: " + "; ".join(f"{c} ({why})" for c, why in missed)] if missed else []
    return "\n".join([subject(fixed), "", *body, *tail]) + "\n"
