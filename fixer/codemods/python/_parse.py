"""Parsing a module for a codemod: a file that does not parse is skipped, not fixed, and
so is one that libcst does not give back byte for byte (a blank line before a last line
of only spaces, for one): an edit of it would change bytes outside the edit."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper

from fixer.codemods.base import Skip

LOSSY = "libcst does not read this file back byte for byte, so an edit would change other lines"


def parse(text: str) -> MetadataWrapper:
    """The module with metadata support, or :class:`Skip` when it is not valid Python or
    does not round-trip."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        raise Skip(f"the file does not parse: {error.message}") from None
    if module.code != text:
        raise Skip(LOSSY)
    return MetadataWrapper(module)
