"""The version of a formatter or linter that a CI job ran, as its log shows it. Pure.

A formatter's output changes between versions, so fixing with "a ruff" proves nothing:
the fix runs the version the CI ran. The log says it in the installer's lines and in the
tools' own banners:

- pip: ``Successfully installed black-24.10.0 click-8.1.7 ruff-0.14.2``;
- uv: `` + ruff==0.14.2``; Poetry: ``  - Installing ruff (0.14.2)``; pipx: ``installed
  package ruff 0.14.2``;
- the tools' ``--version``: ``ruff 0.14.2``, ``black, 24.10.0 (compiled: yes)`` (``python
  -m black, ...`` too), isort's ``VERSION 5.13.2`` under its banner, ``isort 5.13.2``.

A log line names several packages at once (pip's line), and the last version a job
shows of a tool wins (a step may upgrade it). :data:`TRIGGERS` are the literals every
such line contains, for the parsers that read them.
"""

from __future__ import annotations

import re

TOOLS = ("ruff", "black", "isort", "prettier")
TRIGGERS = (
    b"Successfully installed ",
    b"+ ruff==",
    b"+ black==",
    b"+ isort==",
    b"Installing ruff (",
    b"Installing black (",
    b"Installing isort (",
    b"installed package ",
    b"ruff 0.",
    b"black, ",
    b"VERSION ",
    b"isort ",
)

VERSION = r"(?P<version>\d+(?:\.\d+)+(?:(?:a|b|rc|\.post|\.dev)\d+)?)"
PIP = re.compile(r"(?<![\w.-])(?P<tool>ruff|black|isort)-" + VERSION + r"(?![\w.-])")
UV = re.compile(r"^\s*\+ (?P<tool>ruff|black|isort)==" + VERSION + r"\s*$")
POETRY = re.compile(r"^\s*[-•] Installing (?P<tool>ruff|black|isort) \(" + VERSION + r"\)")
PIPX = re.compile(r"installed package (?P<tool>ruff|black|isort) " + VERSION + r"\b")
BANNER = re.compile(r"^(?P<tool>ruff|isort) " + VERSION + r"\s*$")
BLACK = re.compile(r"^(?:python -m )?black, " + VERSION + r"(?: \(compiled: \w+\))?\s*$")
ISORT_BANNER = re.compile(r"^\s+VERSION " + VERSION + r"\s*$")


def versions_in(text: str, above: list[str] | None = None) -> list[tuple[str, str]]:
    """The (tool, version) pairs one normalized log line names; ``above``: the lines
    before it, nearest last (isort's ``VERSION`` line is known by the banner over it)."""
    if "Successfully installed " in text:
        rest = text.split("Successfully installed ", 1)[1]
        return [(m.group("tool"), m.group("version")) for m in PIP.finditer(rest)]
    for pattern in (UV, POETRY, PIPX, BANNER):
        match = pattern.search(text)
        if match:
            return [(match.group("tool"), match.group("version"))]
    black = BLACK.match(text)
    if black:
        return [("black", black.group("version"))]
    isort = ISORT_BANNER.match(text)
    if isort and above is not None and any("isort your imports" in line for line in above):
        return [("isort", isort.group("version"))]
    return []
