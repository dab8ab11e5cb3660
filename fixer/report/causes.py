"""Group a diagnosis's findings into root causes, for the reports.

A finding is one place (a file and line, a requirement, a failing step). Places of the
same cause are one root cause in the text and markdown reports: three bare generics in
one file, one unused import seen in both jobs of a matrix (the aggregation already made
that one finding listing both jobs). Each kind says what makes places one cause
(:meth:`fixer.kinds.base.Kind.cause`); ``--json`` keeps the findings and numbers their
causes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from fixer import kinds
from fixer.model import Finding, JobSummary


@dataclass(frozen=True, slots=True)
class Cause:
    """One root cause: its places, as indexes into the diagnosis's findings too."""

    findings: tuple[Finding, ...]
    indexes: tuple[int, ...]

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def kind(self) -> str:
        return self.first.kind

    @property
    def title(self) -> str:
        return kinds.title(self.kind)

    @property
    def jobs(self) -> tuple[str, ...]:
        """Every job any place was seen in, in the order they were met."""
        return tuple(dict.fromkeys(j for f in self.findings for j in f.jobs))

    @property
    def fixable(self) -> int:
        """How many of its places fixer may fix."""
        return sum(f.fixable for f in self.findings)

    @property
    def where(self) -> str:
        """The file all its places are in (with the line when there is one place)."""
        if len(self.findings) == 1:
            return self.first.location
        paths = {f.path for f in self.findings}
        return (self.first.path or "<log>") if len(paths) == 1 else "several files"

    @property
    def fixes(self) -> tuple[str, ...]:
        """Its places' recommended fixes, each once."""
        return tuple(dict.fromkeys(f.fix for f in self.findings if f.fix))

    def likely_place(self, jobs: Sequence[JobSummary] = ()) -> tuple[str, str | None] | None:
        """Where it most likely lives when no repository was given, and the command that
        says so (see :meth:`fixer.kinds.base.Kind.likely_place`). Every job's failing
        command is asked, since one job may ``cd`` where another's workflow sets a
        working directory the log does not show; the most specific answer wins (a
        ``backend/pyproject.toml`` over a bare ``pyproject.toml``), and none when they
        disagree."""
        if not kinds.known(self.kind):
            return None
        kind = kinds.kind_of(self.kind)
        failed = {j.name: j.failed_command for j in jobs if j.failed_command}
        found: dict[str, str | None] = {}
        for finding in self.findings:
            commands = [finding.command, *(failed.get(j) for j in finding.jobs)]
            for command in dict.fromkeys(commands):
                asked = finding if command == finding.command else replace(finding, command=command)
                place = kind.likely_place(asked)
                if place and place not in found:
                    found[place] = command
        specific = [p for p in found if not any(o.endswith("/" + p) for o in found)]
        return (specific[0], found[specific[0]]) if len(specific) == 1 else None


def likely_file(finding: Finding) -> str | None:
    """Where one place most likely is, from the log alone (its kind's answer)."""
    return kinds.kind_of(finding.kind).likely_place(finding) if kinds.known(finding.kind) else None


def cause_key(finding: Finding) -> tuple[object, ...]:
    if kinds.known(finding.kind):
        return kinds.kind_of(finding.kind).cause(finding)
    return (finding.kind, finding.path or finding.raw_path, finding.ident or finding.message)


def causes(findings: Sequence[Finding]) -> list[Cause]:
    """The findings' root causes, in the order their first places come."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for index, finding in enumerate(findings):
        groups.setdefault(cause_key(finding), []).append(index)
    return [
        Cause(tuple(findings[i] for i in indexes), tuple(indexes)) for indexes in groups.values()
    ]
