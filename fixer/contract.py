"""The contract between the log scanner and the per-tool parsers.

A parser names the cheap literals that every line it cares about contains: ``triggers``
anywhere in the line, ``line_triggers`` at the start of the line's text (after the
timestamp and colour escapes: pytest's ``E   ``, ``FAILED ``). The scanner searches the
raw log for every parser's literals at once, at memory speed, and hands a parser only
the lines that hold one of its own, already normalized, as a :class:`Hit`. A literal
that many lines of a passing job hold (``error``, ``##[``) makes every such line cost a
Python call: pick the longest literal that the lines you want always contain.
The parser reports what it recognizes with :meth:`Hit.report`; the scanner adds the
job, the step, the command and the evidence. Parsers do no I/O.

The log layer (:mod:`fixer.logs`) produces these types and the parsers
(:mod:`fixer.diagnose`) consume them; both import them from here, never each other's:
:class:`Command` is a ``run:`` step's context, :class:`Segment` one command of a job.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from fixer.model import Evidence, Finding

MAX_TEXT = 2000  # characters of a message or an evidence line kept (a line may be 64 kB)


@dataclass(slots=True)
class Command:
    """The context the runner prints for a ``run:`` step (between ``##[group]Run`` and
    ``##[endgroup]``): the script, its shell and its environment."""

    script: str
    shell: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    uses: bool = False  # an action (``uses:``), not a script

    @property
    def first_line(self) -> str:
        return self.script.splitlines()[0] if self.script else ""


@dataclass(slots=True)
class Segment:
    """One command of a job: what ran, and how it ended."""

    step: str | None
    command: Command | None
    line: int
    exit_code: int | None = None
    cancelled: bool = False
    error_line: int | None = None
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, text) near the failure

    @property
    def failed(self) -> bool:
        """It ended in failure, or was cancelled while running (what it printed counts)."""
        return self.exit_code is not None or self.cancelled

    @property
    def broke(self) -> bool:
        """It failed the job: a non-zero exit, or a runner error that was no cancellation."""
        return self.exit_code is not None or (bool(self.errors) and not self.cancelled)


@dataclass(slots=True)
class Sighting:
    """A finding as seen in one job, before sightings of the same cause are merged."""

    finding: Finding
    segment: int  # which command of the job printed it (see JobScan.segments)
    latent: bool = False  # a cause even when its own step did not fail (a warning)


@dataclass(slots=True)
class Hit:
    """A log line that contains one of a parser's triggers."""

    text: str
    line: int
    job: str
    step: str | None
    command: Command | None
    segment: int
    context: Callable[[int], list[str]]  # n -> up to n lines before this one, nearest last
    following: Callable[[int], list[str]]  # n -> up to n lines after this one
    sink: list[Sighting] = field(default_factory=list)

    def before(self, n: int) -> list[str]:
        return self.context(n)

    def after(self, n: int) -> list[str]:
        return self.following(n)

    def evidence(self, text: str | None = None, line: int | None = None) -> Evidence:
        return Evidence(self.job, self.step, line or self.line, self.text if text is None else text)

    def report(
        self, finding: Finding, *, latent: bool = False, extra: tuple[Evidence, ...] = ()
    ) -> None:
        """Record ``finding`` as seen here; the job, step, command and evidence are added."""
        evidence = finding.evidence or (self.evidence(), *extra)
        if any(len(e.text) > MAX_TEXT for e in evidence):
            evidence = tuple(replace(e, text=shorten(e.text)) for e in evidence)
        command = finding.command or (self.command.script if self.command else None)
        seen = replace(
            finding,
            jobs=(self.job,),
            evidence=evidence,
            command=command,
            message=shorten(finding.message),
        )
        self.sink.append(Sighting(seen, self.segment, latent))


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """``text``, or its first ``limit`` characters marked as cut."""
    return text if len(text) <= limit else text[:limit] + " [cut]"


class Parser(ABC):
    """Recognizes one tool's failures. One instance reads one job.

    ``emits`` names the finding kinds it reports (each has its module in
    :mod:`fixer.kinds`); ``rank`` orders the parsers, and so a job's findings.
    """

    triggers: ClassVar[tuple[bytes, ...]]
    line_triggers: ClassVar[tuple[bytes, ...]] = ()  # literals that start the line's text
    emits: ClassVar[frozenset[str]]
    rank: ClassVar[int]

    @abstractmethod
    def feed(self, hit: Hit) -> None:
        """Look at one line that holds a trigger; report what it shows."""

    def finish(self, sightings: list[Sighting]) -> None:  # noqa: B027  # optional hook
        """Called once at the end of the job with this parser's sightings (to amend them)."""


def strip_marker(text: str) -> str:
    """Drop a runner marker (``##[error]``, ``##[warning]``) in front of a tool's line."""
    if text.startswith("##["):
        end = text.find("]")
        if end > 0:
            return text[end + 1 :]
    return text
