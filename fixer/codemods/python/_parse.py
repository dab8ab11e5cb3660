"""Parsing a module for a codemod: a file that does not parse is skipped, not fixed."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper

from fixer.codemods.base import Skip


def parse(text: str) -> MetadataWrapper:
    """The module with metadata support, or :class:`Skip` when it is not valid Python."""
    try:
        return MetadataWrapper(cst.parse_module(text))
    except cst.ParserSyntaxError as error:
        raise Skip(f"the file does not parse: {error.message}") from None
