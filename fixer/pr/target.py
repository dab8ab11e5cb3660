"""Which pull request: ``OWNER/REPO#N`` or its web URL, and the names fixer derives from it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixer.errors import BadInput

_NAME = r"[A-Za-z0-9_.-]+"
_SHORT = re.compile(rf"(?P<owner>{_NAME})/(?P<name>{_NAME})#(?P<number>[0-9]+)")
_URL = re.compile(
    rf"https?://[^/\s]+/(?P<owner>{_NAME})/(?P<name>{_NAME})/pull/(?P<number>[0-9]+)"
    r"(?:[/?#].*)?"
)


@dataclass(frozen=True, slots=True)
class Target:
    owner: str
    name: str
    number: int

    @property
    def repo(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def branch(self) -> str:
        """fixer's own branch for this pull request."""
        return f"fixer/pr-{self.number}"

    @property
    def marker(self) -> str:
        """The hidden tag by which fixer finds its own pull request body and comment."""
        return f"<!-- fixer:pr-{self.number} -->"

    def __str__(self) -> str:
        return f"{self.repo}#{self.number}"


def parse_target(text: str) -> Target:
    """``OWNER/REPO#N`` or ``https://HOST/OWNER/REPO/pull/N``."""
    spec = text.strip()
    match = _SHORT.fullmatch(spec) or _URL.fullmatch(spec)
    if match is None or match["name"] in (".", "..") or match["owner"] in (".", ".."):
        raise BadInput(
            f"{text!r}: name a pull request as OWNER/REPO#N or by its URL "
            "(https://github.com/OWNER/REPO/pull/N)"
        )
    number = int(match["number"])
    if number < 1:
        raise BadInput(f"{text!r}: pull request numbers start at 1")
    return Target(match["owner"], match["name"], number)
