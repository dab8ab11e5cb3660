"""The safe fixes ``ruff check --fix`` makes for the failing rules: the code changes by
design, so the guard is only that the result parses; the CI's check, re-run, proves that
the rules' findings are gone and nothing new is reported (:mod:`fixer.verify.tool_checks`)."""

from __future__ import annotations

from collections.abc import Sequence

from fixer.codemods.base import Example
from fixer.codemods.python._tool_output import ToolOutput, finding, parsed, stand_in
from fixer.model import Finding


class RuleFixOutput(ToolOutput):
    id = "rule_fix_output"

    def guard(self, before: str, after: str) -> None:
        parsed(after)


def _upgraded(text: str, findings: Sequence[Finding]) -> str:
    return text.replace("List[int]", "list[int]").replace("from typing import List\n", "")


def _broken(text: str, findings: Sequence[Finding]) -> str:
    return text.replace("list[int]", "list[int")


RuleFixOutput.examples = (
    Example(
        "fixed",
        "from typing import List\n\nx: List[int] = []\n",
        "\nx: list[int] = []\n",
        (finding("ruff.rule"),),
        context=stand_in(_upgraded),
    ),
    Example(
        "nothing-to-fix",
        "x: list[int] = []\n",
        "x: list[int] = []\n",
        (finding("ruff.rule"),),
        context=stand_in(_upgraded),
    ),
    Example(
        "broken-output",
        "x: List[int] = []\n",
        "x: List[int] = []\n",
        (finding("ruff.rule"),),
        context=stand_in(lambda t, f: _broken(_upgraded(t, f), f)),
        skip=True,
    ),
)
