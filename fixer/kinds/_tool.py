"""What the kinds fixed by the failing tool itself share (``ruff format``, ``black``,
``isort``, ``ruff check --fix``). Pure: argument lists and line readers, no process.

Such a kind's fix is the tool's own output: the project's version of the tool
(:mod:`fixer.forge.tools`) runs on the text of exactly the file the log names, through
stdin under the file's name, from the step's working directory, so it reads the
project's configuration as the CI did (the codemod :mod:`fixer.codemods.python.tool_output`
turns its output into the edit). Its proof is the CI's own check re-run the same way
(:meth:`ToolKind.check_args`) and read by the same line reader as the log
(:meth:`ToolKind.reported`): before the change it reports the file (else the version
found does not reproduce the failure, and nothing is changed), after it reports the
file no more and nothing new.

:class:`ToolParser` is the parsers' common part: it remembers the last version of the
tool the job's log showed (:mod:`fixer.diagnose.toolversions`) and gives it to the
job's findings as ``details.tool_version``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import ClassVar

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.diagnose.toolversions import TRIGGERS, versions_in
from fixer.kinds.base import Kind
from fixer.model import Finding
from fixer.shellcmd import tool_args

# (path as printed, rule code or "", message or "") -> times reported
Reported = Counter[tuple[str, str, str]]


class ToolKind(Kind):
    """A kind whose fix is made, and proven, by the tool that failed."""

    tool: ClassVar[str]  # the package, the module run with ``python -m`` and the log's name
    subcommand: ClassVar[tuple[str, ...]] = ()  # ("format",) for ``ruff format``
    # the flags that make the CI's command a check (``--check``); the first is fixer's own
    check_flags: ClassVar[tuple[str, ...]]
    extra_check: ClassVar[tuple[str, ...]] = ()  # added to the re-run (``--no-cache``)
    verifier = "tool"
    precondition = "tool"
    facts = frozenset({"reformat"})
    # the options of the CI's command that choose the configuration, kept for the fix
    valued: ClassVar[frozenset[str]] = frozenset()
    flags: ClassVar[frozenset[str]] = frozenset()

    @property
    def prover(self) -> str:
        return self.tool

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """Every file one check would change is one cause: the tool's run."""
        return (finding.kind, finding.command)

    def ci_command(self, finding: Finding) -> str | None:
        """The command that ran the check: the step's (a kind whose tool runs through a
        package script reads the script there)."""
        return finding.command

    def check_args(self, command: str | None) -> list[str] | None:
        """The arguments the CI step gave the tool, when its command ran this check."""
        args = tool_args(command, self.tool)
        if args is None or list(args[: len(self.subcommand)]) != list(self.subcommand):
            return None
        rest = args[len(self.subcommand) :]
        if not any(flag in rest for flag in self.check_flags):
            return None
        return [*self.subcommand, *self.extra_check, *rest]

    def default_check(self, files: Sequence[str]) -> list[str]:
        """The check on ``files`` when the CI's command did not call the tool directly."""
        return [*self.subcommand, *self.extra_check, self.check_flags[0], *files]

    def config_args(self, command: str | None) -> list[str]:
        """The options of the CI's command that choose the configuration."""
        return self.kept_options(list(self.check_args(command) or []))

    def kept_options(self, tokens: Sequence[str]) -> list[str]:
        """The options among ``tokens`` that choose the configuration (``flags`` and
        ``valued``, with their values)."""
        kept: list[str] = []
        for i, token in enumerate(tokens):
            option = token.split("=", 1)[0]
            if token in self.flags or (option in self.valued and "=" in token):
                kept.append(token)
            elif token in self.valued and i + 1 < len(tokens):
                kept += [token, tokens[i + 1]]
        return kept

    def fix_args(self, findings: Sequence[Finding], name: str) -> list[str]:
        """The arguments that make the tool print the fixed text of stdin as ``name``."""
        raise NotImplementedError

    def reported(self, lines: Iterable[str]) -> Reported:
        """What the tool's check output reports, read as the log's parser reads it."""
        raise NotImplementedError

    def findings(self, lines: Iterable[str]) -> list[tuple[tuple[str, str, str], Finding]]:
        """The findings of the check's output, as the log's parsers make them, each with
        what :meth:`reported` counts it as (paths as printed; none for a tool whose output
        names no rule)."""
        return []

    def key(self, finding: Finding) -> tuple[str, str, str]:
        """What the check reports for ``finding`` (its path, as the repository names it)."""
        return (finding.path or "", "", "")


class ToolParser(Parser):
    """The version lines of a job, for the findings of one tool."""

    tool: ClassVar[str]
    triggers: ClassVar[tuple[bytes, ...]] = TRIGGERS

    def __init__(self) -> None:
        self._version: list[tuple[int, str]] = []  # (line, version) of the tool

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        above = hit.before(12) if "VERSION " in text else None
        for tool, version in versions_in(text, above):
            if tool == self.tool:
                self._version.append((hit.line, version))
        self.read(hit, text)

    def read(self, hit: Hit, text: str) -> None:
        """Report what the line shows (the tool's own lines)."""

    def finish(self, sightings: list[Sighting]) -> None:
        """Each finding gets the version shown last before it (else the job's first)."""
        if not self._version:
            return
        for sighting in sightings:
            line = sighting.finding.evidence[0].line if sighting.finding.evidence else 0
            shown = [v for at, v in self._version if at < line] or [self._version[0][1]]
            finding = sighting.finding
            sighting.finding = replace(
                finding, details={**finding.details, "tool_version": shown[-1]}
            )
