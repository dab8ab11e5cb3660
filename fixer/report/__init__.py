"""Turn a diagnosis (and, after ``fix``, its outcomes) into text, JSON or markdown.

Pure: values in, strings out. The JSON schema is versioned and documented in the
README; fields are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from fixer import kinds
from fixer.diagnose.aggregate import name_note
from fixer.kinds.base import NO_TRANSFORM
from fixer.model import Diagnosis, Evidence, Finding, JobSummary

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
    return json.dumps(json_document(diagnosis, sources), indent=2, ensure_ascii=False)


def json_document(diagnosis: Diagnosis, sources: Sequence[str]) -> dict[str, object]:
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": list(sources),
        "failed": diagnosis.failed,
        "findings": [f.to_json() for f in diagnosis.findings],
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


def _counts(diagnosis: Diagnosis) -> dict[str, int]:
    status = [j.status for j in diagnosis.jobs]
    return {
        "findings": len(diagnosis.findings),
        "fixable": sum(f.fixable for f in diagnosis.findings),
        "jobs_failed": status.count("failed"),
        "jobs_cancelled": status.count("cancelled"),
        "jobs_succeeded": status.count("succeeded"),
    }


def to_text(diagnosis: Diagnosis, style: Style = PLAIN, sources: Sequence[str] = ()) -> str:
    s = style
    out: list[str] = []
    for f in diagnosis.findings:
        tag = f"{s.green}fixable{s.reset}" if f.fixable else f"{s.yellow}report only{s.reset}"
        out.append(f"{s.bold}{f.location}{s.reset} {s.cyan}{f.kind}{s.reset}: {f.message} [{tag}]")
        out.append(f"    {s.dim}jobs:{s.reset} {', '.join(f.jobs)}")
        if f.fix:
            out.append(f"    {s.dim}fix:{s.reset} {f.fix}")
        if not f.resolved and f.details.get("unresolved"):
            out.append(f"    {s.dim}path:{s.reset} unresolved ({f.details['unresolved']})")
    c = _counts(diagnosis)
    if not diagnosis.findings and not diagnosis.failed:
        out.append(f"{s.green}No failure found{s.reset} in {len(diagnosis.jobs)} job(s).")
    else:
        out.append(
            f"{s.bold}{c['findings']} root cause(s){s.reset}, {c['fixable']} fixable; "
            f"jobs: {s.red}{c['jobs_failed']} failed{s.reset}, {c['jobs_cancelled']} cancelled, "
            f"{c['jobs_succeeded']} passed"
        )
    out += [f"{s.yellow}{line}{s.reset}" for line in caveats(diagnosis, sources)]
    return "\n".join(out) + "\n"


def to_markdown(diagnosis: Diagnosis, sources: Sequence[str]) -> str:
    c = _counts(diagnosis)
    out = ["# CI failure analysis", ""]
    out.append(f"**Logs:** {', '.join(f'`{x}`' for x in sources)}  ")
    out.append(
        f"**Jobs:** {c['jobs_failed']} failed, {c['jobs_cancelled']} cancelled, "
        f"{c['jobs_succeeded']} passed"
    )
    out += ["", "## Executive summary", ""]
    out += _summary_lines(diagnosis)
    if diagnosis.truncated or notes(diagnosis, sources):
        out.append("")
        out += [f"> **Truncated:** {t}.  " for t in diagnosis.truncated]
        out += [f"> **Note:** {n}.  " for n in notes(diagnosis, sources)]
    for number, finding in enumerate(diagnosis.findings, start=1):
        out += ["", f"## Root cause {number}: {kinds.title(finding.kind)}", ""]
        out += finding_section(finding, diagnosis.jobs)
    blocked = [f for f in diagnosis.findings if not f.fixable]
    if blocked:
        out += ["", "## Not auto-fixable", ""]
        out += [f"- `{f.location}` ({f.kind}): {why_not_fixable(f)}." for f in blocked]
    return "\n".join(out) + "\n"


def _summary_lines(diagnosis: Diagnosis) -> list[str]:
    if not diagnosis.findings:
        return [
            "No failure found."
            if not diagnosis.failed
            else "The run failed, but no cause could be read from the logs."
        ]
    n = len(diagnosis.findings)
    out = [f"The run failed because of **{n} root cause{'s' if n > 1 else ''}**:", ""]
    for f in diagnosis.findings:
        jobs = ", ".join(f"`{j}`" for j in f.jobs)
        fix = "fixable" if f.fixable else "needs a human"
        out.append(
            f"- **{kinds.title(f.kind)}** at `{f.location}`: {f.message} ({fix}); broke {jobs}."
        )
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
    by_name = {j.name: j for j in jobs}
    for name in f.jobs:
        job = by_name.get(name)
        where = ""
        if job is not None and job.failed_step:
            where = f" — {job.status} at step *{job.failed_step}*"
        out.append(f"- `{name}`{where}")
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
