"""A formatter's output (``ruff format``, ``black``): taken when it changes the layout
only, the syntax tree staying the same (docstrings compared as black compares them)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fixer.codemods.base import Example, Skip
from fixer.codemods.python._tool_output import ToolOutput, finding, stand_in, tree
from fixer.model import Finding


class FormatterOutput(ToolOutput):
    id = "formatter_output"

    def guard(self, before: str, after: str) -> None:
        if tree(before) != tree(after):
            raise Skip("the formatter's output changes the syntax tree, not only the layout")


def _spaced(text: str, findings: Sequence[Finding]) -> str:
    return re.sub(r",(?=\S)", ", ", text)


def _docstring(text: str, findings: Sequence[Finding]) -> str:
    return text.replace("\n       more.  ", "\n    more.")


def _changes_code(text: str, findings: Sequence[Finding]) -> str:
    return text.replace("1", "2")


FormatterOutput.examples = (
    Example(
        "layout", "f(a,b)\n", "f(a, b)\n", (finding("ruff.format"),), context=stand_in(_spaced)
    ),
    Example(
        "docstring-layout",
        'def f():\n    """Doc.\n       more.  """\n',
        'def f():\n    """Doc.\n    more."""\n',
        (finding("ruff.format"),),
        context=stand_in(_docstring),
    ),
    Example(
        "code-changed",
        "x = 1\n",
        "x = 1\n",
        (finding("ruff.format"),),
        context=stand_in(_changes_code),
        skip=True,
    ),
    Example(
        "formatted", "x = 1\n", "x = 1\n", (finding("ruff.format"),), context=stand_in(_spaced)
    ),
    Example(
        "black-layout",
        "f(a,b)\n",
        "f(a, b)\n",
        (finding("black.format"),),
        context=stand_in(_spaced),
    ),
    Example(
        "black-formatted",
        "f(a, b)\n",
        "f(a, b)\n",
        (finding("black.format"),),
        context=stand_in(_spaced),
    ),
    Example(
        "no-tool",
        "f(a,b)\n",
        "f(a,b)\n",
        (finding("ruff.format"),),
        context=stand_in(None),
        skip=True,
    ),
)
