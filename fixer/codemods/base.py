"""What every codemod is: a pure ``text -> text`` transform with its examples.

A codemod never touches the disk, git or the network. It receives the text of one
file (decoded, BOM removed, line endings untouched), the findings that point into it
and the facts the app gathered (:class:`~fixer.model.CodemodContext`), and returns the
new text. It fixes the finding kinds that name it (:attr:`fixer.kinds.base.Kind.codemods`).
When it cannot make a change it is sure of, it raises :class:`Skip` with a
reason the report shows: a wrong fix is worse than no fix.

Its ``examples`` are its tests and its documentation: one parametrized test runs them
all and checks the output, that the output re-parses, that a second pass changes
nothing, and that no-op examples come back byte-identical.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from fixer.model import CodemodContext, Finding, Safety

Language = Literal["python", "toml", "javascript", "requirements", "json"]


class Skip(Exception):
    """The codemod will not change this file; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Example:
    """``before`` with ``findings`` becomes ``after`` (``after == before`` is a no-op example)."""

    id: str
    before: str
    after: str
    findings: tuple[Finding, ...]
    path: str = "x.py"
    context: CodemodContext = field(default_factory=CodemodContext)
    skip: bool = False  # True when the codemod must raise Skip on this input


class Codemod(ABC):
    id: ClassVar[str]
    language: ClassVar[Language]
    safety: ClassVar[Safety] = Safety.SAFE
    examples: ClassVar[tuple[Example, ...]] = ()
    # True: it finds what to change at the lines (and columns) its findings name, so on a
    # text another fix changed first they are moved to where those lines went; False: it
    # derives the whole change from the text (a tool's output), and runs after the others
    positional: ClassVar[bool] = True

    def applies_to(self, path: str) -> bool:
        """Whether this codemod can edit the file at ``path`` (repo-relative)."""
        return True

    @abstractmethod
    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        """Return the new text; raise :class:`Skip` rather than guess."""


def newline_of(text: str) -> str:
    """The line ending a file uses (its first one), ``\\n`` when it has none."""
    pos = text.find("\n")
    if pos > 0 and text[pos - 1] == "\r":
        return "\r\n"
    return "\n"
