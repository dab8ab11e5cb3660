"""Turn a diagnosis (and, after ``fix``, its outcomes) into text, JSON or markdown.

Pure: values in, strings out. The JSON schema is versioned and documented in the
README; fields are only ever added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fixer import kinds, redact
from fixer.diagnose.aggregate import name_note
from fixer.diagnose.paths import CD
from fixer.kinds.base import NO_TRANSFORM
from fixer.model import Diagnosis, Evidence, Finding, JobSummary
from fixer.report.causes import Cause, causes, likely_file

MAX_PLACES = 20  # places listed under one cause in the text and markdown reports

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Style:
    """ANSI styling for a terminal; all empty when colour is off."""

    bold: str = ""
    red: str = ""
    green: str = ""
    yellow: str = ""
    cyan: str = ""
    dim: str = ""
    reset: str = ""


COLOR = Style("\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m", "\x1b[2m", "\x1b[0m")
PLAIN = Style()


def to_json(diagnosis: Diagnosis, sources: Sequence[str]) -> str:
    return redact.dumps(json_document(diagnosis, sources))


def json_document(diagnosis: Diagnosis, sources: Sequence[str]) -> dict[str, object]:
    """The JSON report: one finding per place, each with the number of its ``cause``;
    ``causes`` lists the root causes with their places (indexes into ``findings``)."""
    found = causes(diagnosis.findings)
    cause_of = {i: n for n, c in enumerate(found) for i in c.indexes}
    findings = [{**f.to_json(), "cause": cause_of[i]} for i, f in enumerate(diagnosis.findings)]
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": list(sources),
        "failed": diagnosis.failed,
        "findings": findings,
        "causes": [_cause_json(n, c, diagnosis.jobs) for n, c in enumerate(found)],
        "jobs": [
            {
                "name": j.name,
                "status": j.status,
                "failed_step": j.failed_step,
                "failed_command": j.failed_command,
            }
            for j in diagnosis.jobs
        ],
        "summary": {**_counts(diagnosis), "truncated": bool(diagnosis.truncated)},
        "truncated": list(diagnosis.truncated),
        "notes": notes(diagnosis, sources),
    }


def notes(diagnosis: Diagnosis, sources: Sequence[str]) -> list[str]:
    """What fixer changed to show the run: the diagnosis's notes, and a source's name
    that is not UTF-8."""
    named = [n for s in sources for n in name_note("the source", s)]
    return list(dict.fromkeys([*named, *diagnosis.notes]))


def caveats(diagnosis: Diagnosis, sources: Sequence[str]) -> list[str]:
    """Every sentence a reader must see beside the causes: what was truncated, then what
    was replaced."""
    return [f"truncated: {t}" for t in diagnosis.truncated] + [
        f"note: {n}" for n in notes(diagnosis, sources)
    ]


def _cause_json(number: int, cause: Cause, jobs: Sequence[JobSummary]) -> dict[str, object]:
    likely = cause.likely_place(jobs)
    return {
        "id": number,
        "kind": cause.kind,
        "title": cause.title,
        "message": cause.first.message,
        "where": cause.where,
        "likely_place": likely[0] if likely else None,
        "places": list(cause.indexes),
        "jobs": list(cause.jobs),
        "fixable": cause.fixable == len(cause.findings),
    }


def _counts(diagnosis: Diagnosis) -> dict[str, int]:
    status = [j.status for j in diagnosis.jobs]
    return {
        "findings": len(diagnosis.findings),
        "causes": len(causes(diagnosis.findings)),
        "fixable": sum(f.fixable for f in diagnosis.findings),
        "jobs_failed": status.count("failed"),
        "jobs_cancelled": status.count("cancelled"),
        "jobs_succeeded": status.count("succeeded"),
    }


def to_text(diagnosis: Diagnosis, style: Style = PLAIN, sources: Sequence[str] = ()) -> str:
    s = style
    out: list[str] = []
    found = causes(diagnosis.findings)
    for cause in found:
        out += _cause_text(cause, s, diagnosis.jobs)
    if not diagnosis.findings and not diagnosis.failed:
        out.append(f"{s.green}No failure found{s.reset} in {len(diagnosis.jobs)} job(s).")
    else:
        c = _counts(diagnosis)
        fixable = sum(1 for cause in found if cause.fixable)
        places = len(diagnosis.findings)
        at = f" at {places} places" if places > len(found) else ""
        out.append(
            f"{s.bold}{len(found)} root cause(s){s.reset}{at}, {fixable} fixable; "
            f"jobs: {s.red}{c['jobs_failed']} failed{s.reset}, {c['jobs_cancelled']} cancelled, "
            f"{c['jobs_succeeded']} passed"
        )
    out += [f"{s.yellow}{line}{s.reset}" for line in caveats(diagnosis, sources)]
    return "\n".join(out) + "\n"


def _tag(cause: Cause, s: Style) -> str:
    n = len(cause.findings)
    if cause.fixable == n:
        return f"{s.green}fixable{s.reset}"
    if cause.fixable:
        return f"{s.yellow}{cause.fixable} of {n} fixable{s.reset}"
    return f"{s.yellow}report only{s.reset}"


def _cause_text(cause: Cause, s: Style, jobs: Sequence[JobSummary]) -> list[str]:
    f = cause.first
    out: list[str] = []
    if len(cause.findings) == 1:
        tag = _tag(cause, s)
        out.append(f"{s.bold}{f.location}{s.reset} {s.cyan}{f.kind}{s.reset}: {f.message} [{tag}]")
    else:
        n = len(cause.findings)
        out.append(
            f"{s.bold}{cause.where}{s.reset} {s.cyan}{f.kind}{s.reset}: {cause.title},"
            f" {n} places [{_tag(cause, s)}]"
        )
        for place in cause.findings[:MAX_PLACES]:
            out.append(f"    {place.location}{_hint(place, '')}: {place.message}")
        if n > MAX_PLACES:
            out.append(f"    ... and {n - MAX_PLACES} more")
    out.append(f"    {s.dim}jobs:{s.reset} {', '.join(cause.jobs)}")
    out += [f"    {s.dim}fix:{s.reset} {fix}" for fix in cause.fixes]
    unresolved = dict.fromkeys(
        x.details["unresolved"]
        for x in cause.findings
        if not x.resolved and x.details.get("unresolved")
    )
    out += [f"    {s.dim}path:{s.reset} unresolved ({why})" for why in unresolved]
    likely = cause.likely_place(jobs)
    if likely:
        out.append(f"    {s.dim}most likely in:{s.reset} {_likely(*likely, code='')}")
    return out


def to_markdown(diagnosis: Diagnosis, sources: Sequence[str]) -> str:
    c = _counts(diagnosis)
    out = ["# CI failure analysis", ""]
    out.append(f"**Logs:** {', '.join(f'`{x}`' for x in sources)}  ")
    out.append(
        f"**Jobs:** {c['jobs_failed']} failed, {c['jobs_cancelled']} cancelled, "
        f"{c['jobs_succeeded']} passed"
    )
    found = causes(diagnosis.findings)
    out += ["", "## Executive summary", ""]
    out += _summary_lines(diagnosis, found)
    if diagnosis.truncated or notes(diagnosis, sources):
        out.append("")
        out += [f"> **Truncated:** {t}.  " for t in diagnosis.truncated]
        out += [f"> **Note:** {n}.  " for n in notes(diagnosis, sources)]
    for number, cause in enumerate(found, start=1):
        out += ["", f"## Root cause {number}: {cause.title}", ""]
        out += cause_section(cause, diagnosis.jobs)
    blocked = [cause for cause in found if cause.fixable < len(cause.findings)]
    if blocked:
        out += ["", "## Not auto-fixable", ""]
        for cause in blocked:
            held = [f for f in cause.findings if not f.fixable]
            where = held[0].location if len(held) == 1 else f"{cause.where}, {len(held)} places"
            reasons = "; ".join(dict.fromkeys(why_not_fixable(f) for f in held))
            out.append(f"- `{where}` ({cause.kind}): {reasons}.")
    return "\n".join(out) + "\n"


def _summary_lines(diagnosis: Diagnosis, found: Sequence[Cause]) -> list[str]:
    if not found:
        return [
            "No failure found."
            if not diagnosis.failed
            else "The run failed, but no cause could be read from the logs."
        ]
    n = len(found)
    out = [f"The run failed because of **{n} root cause{'s' if n > 1 else ''}**:", ""]
    for cause in found:
        jobs = ", ".join(f"`{j}`" for j in cause.jobs)
        fix = "fixable" if cause.fixable == len(cause.findings) else "needs a human"
        places = len(cause.findings)
        at = f"`{cause.where}`" + (f" ({places} places)" if places > 1 else "")
        out.append(f"- **{cause.title}** at {at}: {cause.first.message} ({fix}); broke {jobs}.")
    passed = [j.name for j in diagnosis.jobs if j.status == "succeeded"]
    cancelled = [j.name for j in diagnosis.jobs if j.status == "cancelled"]
    if passed:
        out += ["", "Jobs that passed: " + ", ".join(f"✅ `{j}`" for j in passed)]
    if cancelled:
        out += [
            "",
            "Jobs cancelled (a consequence, not a cause): "
            + ", ".join(f"`{j}`" for j in cancelled),
        ]
    return out


def cause_section(cause: Cause, jobs: Sequence[JobSummary]) -> list[str]:
    """A root cause in the markdown report: its places, jobs, excerpt and fix."""
    if len(cause.findings) == 1:
        out = finding_section(cause.first, jobs)
    else:
        f = cause.first
        n = len(cause.findings)
        fixable = (
            "yes"
            if cause.fixable == n
            else ("no" if not cause.fixable else f"{cause.fixable} of {n}")
        )
        out = [
            f"**Kind:** `{f.kind}` ({f.tool}) · **Fixable:** {fixable}  ",
            f"**Where:** `{cause.where}`, {n} places"
            + (
                "" if all(x.resolved for x in cause.findings) or f.path is None else " (unresolved)"
            ),
            "",
        ]
        out += [f"- `{x.location}`{_hint(x)}: {x.message}" for x in cause.findings[:MAX_PLACES]]
        if n > MAX_PLACES:
            out.append(f"- ... and {n - MAX_PLACES} more")
        out += ["", "**Jobs affected:**", ""]
        out += _job_lines(cause.jobs, jobs)
        out += _excerpt(cause.findings)
        fixes = cause.fixes
        if len(fixes) == 1:
            out += ["", f"**Recommended fix:** {fixes[0]}"]
        elif fixes:
            out += ["", "**Recommended fix:**", "", *(f"- {x}" for x in fixes)]
    likely = cause.likely_place(jobs)
    if likely:
        out += ["", f"**Most likely in:** {_likely(*likely)}"]
    return out


def _hint(place: Finding, code: str = "`") -> str:
    """Where one of several places most likely is, when the log says more than its path."""
    likely = likely_file(place)
    return f" (most likely {code}{likely}{code})" if likely else ""


def _likely(place: str, command: str | None, code: str = "`") -> str:
    """Where a cause most likely lives, and why: the command that says so."""
    lines = (command or "").strip().splitlines()
    why = [f"the step runs {code}{lines[0]}{code}"] if lines else []
    out = f"{code}{place}{code}"
    if "/" not in place.rstrip("/") and not CD.search(command or ""):
        out += " in the step's working directory"
        why.insert(0, f"the workflow's {code}working-directory:{code}, else the root")
    return f"{out} ({'; '.join(why)})" if why else out


def _job_lines(names: Sequence[str], jobs: Sequence[JobSummary]) -> list[str]:
    by_name = {j.name: j for j in jobs}
    out: list[str] = []
    for name in names:
        job = by_name.get(name)
        where = ""
        if job is not None and job.failed_step:
            where = f" — {job.status} at step *{job.failed_step}*"
        out.append(f"- `{name}`{where}")
    return out


def _excerpt(findings: Sequence[Finding]) -> list[str]:
    """The evidence lines of the first job that shows them, each once, in log order."""
    evidence = [e for f in findings for e in f.evidence]
    if not evidence:
        return []
    first = evidence[0]
    shown = sorted(dict.fromkeys(e for e in evidence if e.job == first.job), key=lambda e: e.line)
    head = f"**Log excerpt** (`{first.job}`{_step(first)}, line {shown[0].line}):"
    return ["", head, "", "```text", *(e.text for e in shown[: MAX_PLACES * 2]), "```"]


def finding_section(finding: Finding, jobs: Sequence[JobSummary]) -> list[str]:
    f = finding
    out = [
        f"**Kind:** `{f.kind}` ({f.tool}) · **Fixable:** {'yes' if f.fixable else 'no'}  ",
        f"**Where:** `{f.location}`" + ("" if f.resolved or f.path is None else " (unresolved)"),
        "",
        f"**Message:** {f.message}",
        "",
        "**Jobs affected:**",
        "",
    ]
    out += _job_lines(f.jobs, jobs)
    if f.evidence:
        first = f.evidence[0]
        shown = [e for e in f.evidence if e.job == first.job]
        out += ["", f"**Log excerpt** (`{first.job}`{_step(first)}, line {first.line}):", ""]
        out += ["```text", *(e.text for e in shown), "```"]
    out += ["", f"**Recommended fix:** {f.fix}" if f.fix else ""]
    return out


def _step(evidence: Evidence) -> str:
    return f", step *{evidence.step}*" if evidence.step else ""


def why_not_fixable(finding: Finding) -> str:
    if finding.details.get("unresolved"):
        return f"its file could not be located ({finding.details['unresolved']})"
    return kinds.kind_of(finding.kind).why_not() if kinds.known(finding.kind) else NO_TRANSFORM
