"""ESLint's verdict on a change proves a fix only when its run before the change reports
the finding: a run that does not (another configuration, another ESLint) proves nothing."""

from __future__ import annotations

from fixer.model import Finding
from fixer.verify.eslint import EslintResult, Message, eslint_problem

FINDING = Finding(
    kind="eslint.no-unused-vars",
    tool="eslint",
    message="'b' is defined but never used",
    path="web/main.js",
    line=1,
    column=13,
    code="no-unused-vars",
    details={"name": "b", "binding": "import"},
    ident="b",
)
SHOWN = Message("no-unused-vars", FINDING.message, 1, FINDING.kind, "b")


def test_a_run_that_reports_the_finding_before_and_not_after_proves_it() -> None:
    assert eslint_problem(EslintResult((SHOWN,), ""), EslintResult((), ""), FINDING) is None


def test_a_run_that_never_reported_the_finding_proves_nothing() -> None:
    problem = eslint_problem(EslintResult((), ""), EslintResult((), ""), FINDING)
    assert problem == ("ESLint, run here, does not report `b` (line 1); the fix cannot be verified")


def test_a_finding_still_reported_after_the_change_is_not_fixed() -> None:
    problem = eslint_problem(EslintResult((SHOWN,), ""), EslintResult((SHOWN,), ""), FINDING)
    assert problem == "ESLint still reports 'b' is defined but never used (line 1)"
