"""Adding one key line to a TOML table, or the table itself, every other byte kept.

tomlkit places a new key well but writes it in its own style, so the key goes in as a
unique sentinel and the sentinel's text is swapped for the line written in the file's
own indentation and line ending. A table that does not exist yet is written as text:
just above the first of its sub-tables (``[tool.poetry]`` above
``[tool.poetry.group.dev.dependencies]``), else at the end of the file. Callers prove
every result with :func:`fixer.codemods.toml.document.one_line_inserted` and a reparse.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import tomlkit
from tomlkit.items import SingleKey, Table
from tomlkit.toml_document import TOMLDocument

from fixer.codemods.base import Skip, newline_of

SENTINEL = "fixer-insertion-point-3c1f"
KEY_LINE = re.compile(r"^([ \t]*)[\w\"'.-]+[ \t]*=")


def insert_key(
    doc: TOMLDocument, table: Table, text: str, line: str, after: Collection[str]
) -> tuple[str, str]:
    """Add ``line`` to ``table`` after its last key among ``after`` (else after its last
    key); return the new text and the line as written."""
    anchor = next((k for k in reversed(list(table)) if k in after), None)
    if anchor is None:
        table.add(SENTINEL, True)
    else:
        _insert_after(table, anchor)
    dumped = tomlkit.dumps(doc)
    marker = f"{SENTINEL} = true"
    if dumped.count(marker) != 1:
        raise Skip("could not place the new key in the table")
    start = dumped.index(marker)
    end = start + len(marker)
    if dumped.startswith("\n", end):
        end += 1
    written = _indent_before(dumped, start) + line + newline_of(text)
    return dumped[:start] + written + dumped[end:], written


def _insert_after(table: Table, anchor: str) -> None:
    """The sentinel right after ``anchor`` in ``table``. tomlkit has no public way to insert
    at a key: its container's ``_insert_after`` (gone in 0.15.3) or ``_insert_at`` (every
    version) does it; a result that is not exactly one line more is refused by the callers'
    proof, never written."""
    container = table.value
    after = getattr(container, "_insert_after", None)
    if after is not None:
        after(anchor, SENTINEL, True)
        return
    at = container._map.get(SingleKey(anchor))
    last = max(at) if isinstance(at, tuple) else at
    if not isinstance(last, int) or last + 1 >= len(container.body):
        table.add(SENTINEL, True)  # the anchor ends the table
        return
    container._insert_at(last + 1, SENTINEL, True)


def add_table(text: str, *keys: str, line: str) -> tuple[str, str]:
    """``text`` with a new ``[keys...]`` table holding ``line``; also the block written."""
    eol = newline_of(text)
    name = r"[ \t]*\.[ \t]*".join(re.escape(k) for k in keys)
    sub_table = re.compile(rf"^[ \t]*\[\[?[ \t]*{name}[ \t]*\.", re.MULTILINE).search(text)
    header = "[" + ".".join(keys) + "]"
    if sub_table is not None:
        block = f"{header}{eol}{line}{eol}{eol}"
        return text[: sub_table.start()] + block + text[sub_table.start() :], block
    block = (eol if text.strip() else "") + f"{header}{eol}{line}{eol}"
    return text + block, block


def _indent_before(text: str, pos: int) -> str:
    """The indentation of the nearest key line above ``pos`` ("" when there is none)."""
    for previous in reversed(text[:pos].splitlines()):
        match = KEY_LINE.match(previous)
        if match:
            return match.group(1)
        if previous.lstrip().startswith("["):
            break
    return ""
