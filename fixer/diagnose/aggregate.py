"""From what each job showed to the run's root causes.

- A finding counts when the command that printed it failed (or was cancelled while
  failing); a *latent* one (a warning, a set-up error) when its job failed.
- A job that failed with no recognized cause gets one ``unknown`` finding: where it
  broke and its last error lines. If those lines name the subject of a known cause
  (the missing requirement, the package), the job is attributed to that cause.
- A job cancelled by the matrix's fail-fast with nothing of its own is a consequence:
  it appears in the job list, not as a cause. A cancellation (``actions.cancelled``) is a
  cause only when nothing else explains it: the job shows no other cause, it is no matrix
  job (``test (3.12)``), and no job of the run failed.
- Sightings of the same cause in several jobs become one finding listing every job.
- Whether a finding is fixable is derived from its kind (:func:`fixer.kinds.fixable`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from fixer import kinds
from fixer.contract import Segment, Sighting, strip_marker
from fixer.logs.scan import JobScan
from fixer.model import Diagnosis, Evidence, Finding, JobSummary

MAX_EVIDENCE_PER_JOB = 4
MAX_FINDINGS = 5000  # distinct causes kept for a run; a hostile log could name millions
SUBJECT_KEYS = ("name", "package", "module", "action")
CANCELLED = "actions.cancelled"
# ``test (3.12)``, ``build (ubuntu-latest, 20)``; the name's end is looked at once, not
# from every parenthesis in it
MATRIX_JOB = re.compile(r"^(?=(?s:.*)\)$)(?s:.*)\S \(.+\)$")

Resolver = Callable[[Finding, JobScan, Segment | None], Finding]


def _identity(finding: Finding, scan: JobScan, segment: Segment | None) -> Finding:
    return finding


def diagnose(scans: Iterable[JobScan], resolve: Resolver = _identity) -> Diagnosis:
    merged: dict[tuple[object, ...], Finding] = {}
    unknown: list[Finding] = []
    jobs: list[JobSummary] = []
    truncated: list[str] = []
    notes: list[str] = []
    dropped = 0
    cancelled: list[Finding] = []  # kept once every job is known: a failed job explains them
    for scan in scans:
        kept = _kept(scan)
        cancels = [s for s in kept if s.finding.kind == CANCELLED]
        kept = [s for s in kept if s.finding.kind != CANCELLED]
        summary = _summary(scan, bool(kept))
        jobs.append(summary)
        if cancels and not kept and not MATRIX_JOB.search(scan.name):
            seg = scan.segments[cancels[0].segment] if scan.segments else None
            cancelled.append(resolve(cancels[0].finding, scan, seg))
        truncated += scan.capped
        notes += _name_note(scan.name)
        for sighting in kept:
            seg = scan.segments[sighting.segment] if scan.segments else None
            dropped += not _merge(merged, resolve(sighting.finding, scan, seg))
        if summary.status == "failed" and not kept:
            seg = _failed_segment(scan)
            unknown.append(resolve(_unknown(scan, seg), scan, seg))
    for finding in unknown:
        cause = _known_cause(merged.values(), finding)
        if cause is not None:
            merged[cause.key] = replace(
                cause, jobs=(*cause.jobs, *finding.jobs), evidence=cause.evidence
            )
        else:
            dropped += not _merge(merged, finding)
    if not any(j.status == "failed" for j in jobs):
        for finding in cancelled:
            dropped += not _merge(merged, finding)
    if dropped:
        truncated.append(
            f"only the first {MAX_FINDINGS:,} distinct causes are listed; "
            f"{dropped:,} more sightings were left out"
        )
    found = tuple(replace(f, fixable=kinds.fixable(f)) for f in merged.values())
    return Diagnosis(found, tuple(jobs), tuple(truncated), tuple(dict.fromkeys(notes)))


def name_note(what: str, name: str) -> list[str]:
    """A sentence saying that ``name`` (decoded from the file system with
    ``surrogateescape``) is not valid UTF-8 and is shown with U+FFFD, when it is not."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
        return [f"{what} {raw!r} is not valid UTF-8: the bytes that are not are shown as U+FFFD"]
    return []


def _name_note(name: str) -> list[str]:
    return name_note("the job name", name)


def _kept(scan: JobScan) -> list[Sighting]:
    if not scan.has_markers:
        return list(scan.sightings)  # plain tool output: everything in it is a failure
    job_failed = any(s.failed or s.errors for s in scan.segments)
    return [
        s for s in scan.sightings if (s.latent and job_failed) or scan.segments[s.segment].failed
    ]


def _summary(scan: JobScan, has_cause: bool) -> JobSummary:
    failed = [s for s in scan.segments if s.broke]
    if failed:
        seg = failed[0]
        command = seg.command.script if seg.command else None
        return JobSummary(scan.name, "failed", seg.step, command)
    if any(s.cancelled for s in scan.segments):
        seg = next(s for s in scan.segments if s.cancelled)
        command = seg.command.script if seg.command else None
        return JobSummary(scan.name, "cancelled", seg.step, command)
    if has_cause:
        return JobSummary(scan.name, "failed")
    return JobSummary(scan.name, "succeeded")


def _failed_segment(scan: JobScan) -> Segment | None:
    return next((seg for seg in scan.segments if seg.broke), None)


def _unknown(scan: JobScan, seg: Segment | None) -> Finding:
    step = seg.step if seg else None
    errors = [(n, t) for n, t in (seg.errors if seg else []) if not seg or n >= seg.line]
    script = {s.strip() for s in seg.command.script.splitlines()} if seg and seg.command else set()
    lines = [(n, t) for n, t in errors if not _noise(t) and t.strip() not in script]
    decisive = _decisive(lines)
    shown = lines[: lines.index(decisive) + 1][-3:] if decisive else []
    evidence = tuple(Evidence(scan.name, step, line, text) for line, text in shown)
    if seg is not None and seg.error_line is not None:
        marker = f"Process completed with exit code {seg.exit_code}."
        evidence = (*evidence, Evidence(scan.name, step, seg.error_line, "##[error]" + marker))
    last = strip_marker(decisive[1]).strip() if decisive else "the job failed"
    details = {"step": step or ""}
    if seg is not None and seg.exit_code is not None:
        details["exit_code"] = str(seg.exit_code)
    return Finding(
        kind="unknown",
        tool="unknown",
        message=f"{step or 'A step'} failed: {last}".strip(),
        jobs=(scan.name,),
        evidence=evidence,
        fix="fixer does not recognize this failure; read the log excerpt.",
        command=seg.command.script if seg and seg.command else None,
        details=details,
        ident=f"{step}|{seg.command.script if seg and seg.command else ''}|{last}",
    )


# Lines near a failure that are not its cause, however they read: warnings and notices,
# a diff's lines (source code that may say "failed"), docker compose's progress and notices
_WARNING = re.compile(
    r"^(?:##\[(?:warning|notice)\]|::(?:warning|notice|debug)\b|(?:npm |yarn )?warn(?:ing)?\b"
    r"|WARN(?:ING)?\b|\S+:\d+: \w*Warning: |\w*Warning: )",
    re.IGNORECASE,
)
_DIFF = re.compile(r"^(?:[+-](?![+-]{2} ?FAIL)|@@ |diff --git |index [0-9a-f]{7,}\.\.)")
_COMPOSE = re.compile(
    r"\blevel=(?:warning|info|debug)\b|^\s*(?:Container|Network|Volume|Image) \S+\s+"
    r"(?:Creat|Start|Stopp|Remov|Pull|Built|Running|Waiting|Healthy|Recreat)"
)
# the lines that say what broke: an error's own prefix, an exception, a failed test
_STRONG = re.compile(
    r"^(?:##\[error\]|(?:\S+: )?(?:error|fatal)\b|E {2,}\S|[\w.]*(?:Error|Exception)\b:?"
    r"|npm ERR!|FAILED\b|FAIL\b|Traceback )",
    re.IGNORECASE,
)


def _noise(text: str) -> bool:
    line = text if text.startswith(("+", "-")) else text.strip()
    return bool(_WARNING.search(line) or _DIFF.search(line) or _COMPOSE.search(line))


def _decisive(lines: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The line a maintainer would point at: the last that says what broke, else the last."""
    strong = [p for p in lines if _STRONG.search(strip_marker(p[1]).strip())]
    if strong:
        return strong[-1]
    return lines[-1] if lines else None


def _known_cause(known: Iterable[Finding], finding: Finding) -> Finding | None:
    text = "\n".join(e.text for e in finding.evidence)
    for cause in known:
        if cause.kind == "unknown":
            continue
        for key in SUBJECT_KEYS:
            subject = cause.details.get(key)
            if subject and len(subject) > 2 and subject in text:
                return cause
    return None


def _merge(merged: dict[tuple[object, ...], Finding], finding: Finding) -> bool:
    """Add ``finding`` to the run's causes; False when :data:`MAX_FINDINGS` leaves it out."""
    evidence = finding.evidence[:MAX_EVIDENCE_PER_JOB]
    seen = merged.get(finding.key)
    if seen is None:
        if len(merged) >= MAX_FINDINGS:
            return False
        merged[finding.key] = replace(finding, evidence=evidence)
        return True
    jobs = seen.jobs + tuple(j for j in finding.jobs if j not in seen.jobs)
    same_job = [e for e in seen.evidence if e.job in finding.jobs]
    room = max(0, MAX_EVIDENCE_PER_JOB - len(same_job))
    fresh = tuple(e for e in evidence if e not in seen.evidence)[:room]
    details = {**finding.details, **seen.details}
    merged[finding.key] = replace(seen, jobs=jobs, evidence=seen.evidence + fresh, details=details)
    return True
