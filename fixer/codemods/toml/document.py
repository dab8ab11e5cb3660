"""Parsing and edit checks shared by the TOML codemods.

tomlkit keeps comments and whitespace, so an edited document dumps back with every
untouched byte in place. The codemods still prove it on each edit: the new text must
parse to exactly the data they meant to produce, and it must differ from the old text
only in the way the edit allows (:func:`only_deletions`, :func:`one_line_inserted`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Item, Key, Table
from tomlkit.toml_document import TOMLDocument

from fixer.codemods.base import Skip
from fixer.requirements import table as table  # a pyproject's nested tables, walked here too

Data = dict[str, Any]


def parse(text: str) -> TOMLDocument:
    """Parse ``text`` with tomlkit; raise :class:`Skip` when it is not TOML tomlkit reproduces."""
    try:
        doc = tomlkit.parse(text)
    except (TOMLKitError, ValueError) as exc:
        raise Skip(f"not valid TOML: {exc}") from None
    if tomlkit.dumps(doc) != text:
        raise Skip("tomlkit does not reproduce this file byte for byte; not editing it")
    return doc


def reparse(text: str) -> Data:
    """The plain data of a text the codemod produced (:class:`Skip` if it no longer parses)."""
    try:
        return tomlkit.parse(text).unwrap()
    except (TOMLKitError, ValueError) as exc:
        raise Skip(f"the edited file would not be valid TOML: {exc}") from None


def header_table(doc: TOMLDocument, *keys: str) -> Table | None:
    """The table that the header ``[keys[0].keys[1]...]`` itself opens, to edit in place.

    TOML lets a table's sub-tables sit anywhere in the file (``[tool.poetry]``, then
    ``[build-system]``, then ``[tool.poetry.group.dev.dependencies]``); tomlkit then
    gives ``doc[...]`` as a merge of the pieces (``OutOfOrderTableProxy``), where a new
    key may land in any of them. The piece to write keys into is the one under the
    explicit header; the others are implicit parents of the later sub-tables, which do
    not print. None when no header opens the table (or a dotted key defines it).
    """
    found = [t for t in _pieces(doc.body, keys) if not t.is_super_table()]
    return found[0] if len(found) == 1 else None


def _pieces(body: list[tuple[Key | None, Item]], keys: tuple[str, ...]) -> Iterator[Table]:
    """Every table of ``body`` at the path ``keys``, in file order."""
    for key, item in body:
        if key is None or key.key != keys[0] or key.is_dotted() or not isinstance(item, Table):
            continue
        if len(keys) == 1:
            yield item
        else:
            yield from _pieces(item.value.body, keys[1:])


def only_deletions(before: str, after: str) -> bool:
    """True when ``after`` is ``before`` with some characters removed and nothing else."""
    pos = 0
    for char in after:
        pos = before.find(char, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def one_line_inserted(before: str, after: str, line: str) -> bool:
    """True when ``after`` is ``before`` with exactly ``line`` inserted at one place."""
    if len(after) != len(before) + len(line):
        return False
    start = 0
    while (pos := after.find(line, start)) >= 0:
        if after[:pos] + after[pos + len(line) :] == before:
            return True
        start = pos + 1
    return False
