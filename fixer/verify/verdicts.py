"""A verdict of one check on one fix: the verification record and a note for the report."""

from __future__ import annotations

from dataclasses import dataclass

from fixer.model import Finding, OutcomeStatus, Verification

NOT_RUN = "not run: "  # the detail of a check that could not run (it proves nothing)
TOOL_ERROR = "tool error: "  # the detail of a check whose tool crashed or timed out


def status_of(reason: str, otherwise: OutcomeStatus) -> OutcomeStatus:
    """``tool-error`` when ``reason`` says a tool crashed or timed out, else ``otherwise``."""
    return "tool-error" if TOOL_ERROR in reason else otherwise


@dataclass(frozen=True, slots=True)
class Check:
    verification: Verification
    note: str = ""
    # what the check reports that it did not before, in the files the fix changed, when
    # that alone refutes the fix (the findings it targets are gone): the fix exposed them
    fresh: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return self.verification.ok

    @property
    def detail(self) -> str:
        return self.verification.detail

    @property
    def ran(self) -> bool:
        return self.verification.ran


def check(
    tool: str,
    ok: bool,
    detail: str = "",
    cwd: str = "",
    command: tuple[str, ...] = (),
    before: int | None = None,
    after: int = 0,
    note: str = "",
    fresh: tuple[Finding, ...] = (),
) -> Check:
    ran = not detail.startswith(NOT_RUN)
    return Check(Verification(tool, command, cwd, before, after, ok, detail, ran), note, fresh)
