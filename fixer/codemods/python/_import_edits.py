"""Edits of import statements that keep their layout: one name into a ``from`` import,
a new ``from`` import line into a module."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

import libcst as cst

from fixer.codemods.python._isort import from_import_slot, is_sorted, member_key
from fixer.codemods.python._names import dotted_name


def add_alias(node: cst.ImportFrom, name: str) -> cst.ImportFrom:
    """``from m import a, c`` + ``b`` -> ``from m import a, b, c``, in the statement's layout.

    Sorted lists stay sorted (ruff's member order); otherwise the name goes last. In a
    vertical list (one name a line) the name gets a line of its own; comments stay on
    the lines they were on.
    """
    assert not isinstance(node.names, cst.ImportStar)
    names = list(node.names)
    current = [dotted_name(alias.name) or "" for alias in names]
    index = len(names)
    if is_sorted(current):
        index = bisect.bisect([member_key(n) for n in current], member_key(name))
    lpar_ws = node.lpar.whitespace_after if node.lpar is not None else None
    vertical = lpar_ws if isinstance(lpar_ws, cst.ParenthesizedWhitespace) else None
    new = cst.ImportAlias(name=cst.Name(name))
    if index < len(names):
        names.insert(index, new.with_changes(comma=_separator(vertical)))
        return node.with_changes(names=names)
    return _append(node, names, new, vertical)


def _append(
    node: cst.ImportFrom,
    names: list[cst.ImportAlias],
    new: cst.ImportAlias,
    vertical: cst.ParenthesizedWhitespace | None,
) -> cst.ImportFrom:
    """``new`` after the last name, which keeps its comment on its own line."""
    last, sep = names[-1], _separator(vertical)
    if isinstance(last.comma, cst.Comma):  # a trailing comma: the new name gets one too
        end = last.comma.whitespace_after
        if vertical is not None and isinstance(end, cst.ParenthesizedWhitespace):
            names[-1] = last.with_changes(
                comma=last.comma.with_changes(whitespace_after=_to_next_item(end, vertical))
            )
            new = new.with_changes(comma=cst.Comma(whitespace_after=_closing(end)))
        else:
            names[-1], new = last.with_changes(comma=sep), new.with_changes(comma=last.comma)
    elif vertical is not None and node.rpar is not None:
        end = node.rpar.whitespace_before
        if isinstance(end, cst.ParenthesizedWhitespace):
            names[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=_to_next_item(end, vertical))
            )
            node = node.with_changes(rpar=node.rpar.with_changes(whitespace_before=_closing(end)))
        else:
            names[-1] = last.with_changes(comma=sep)
    else:
        names[-1] = last.with_changes(comma=sep)
    return node.with_changes(names=[*names, new])


def wrap(node: cst.ImportFrom) -> cst.ImportFrom:
    """``from m import a, b`` in the parenthesized form, one name a line, as ruff format and
    black write an import too long for one line."""
    assert not isinstance(node.names, cst.ImportStar)

    def lead(indent: str) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(),
            indent=True,
            last_line=cst.SimpleWhitespace(indent),
        )

    last = len(node.names) - 1
    names = [
        alias.with_changes(comma=cst.Comma(whitespace_after=lead("" if i == last else "    ")))
        for i, alias in enumerate(node.names)
    ]
    return node.with_changes(
        lpar=cst.LeftParen(whitespace_after=lead("    ")), names=names, rpar=cst.RightParen()
    )


def _separator(vertical: cst.ParenthesizedWhitespace | None) -> cst.Comma:
    if vertical is None:
        return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return cst.Comma(
        whitespace_after=cst.ParenthesizedWhitespace(
            indent=vertical.indent, last_line=vertical.last_line
        )
    )


def _to_next_item(
    end: cst.ParenthesizedWhitespace, vertical: cst.ParenthesizedWhitespace
) -> cst.ParenthesizedWhitespace:
    """The whitespace after the old last name, now leading to a new name (comment kept)."""
    return end.with_changes(indent=vertical.indent, last_line=vertical.last_line)


def _closing(end: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
    """The whitespace before ``)``, without the old last line's comment."""
    return cst.ParenthesizedWhitespace(indent=end.indent, last_line=end.last_line)


def _alias(name: str, asname: str | None) -> cst.ImportAlias:
    local = None if asname is None else cst.AsName(name=cst.Name(asname))
    return cst.ImportAlias(name=cst.Name(name), asname=local)


def insert_import(
    module: cst.Module,
    source: str,
    names: Iterable[str],
    aliased: Iterable[tuple[str, str]] = (),
) -> cst.Module:
    """Add ``from <source> import <names>`` where ruff's isort rules would put it, with
    the (name, local name) pairs of ``aliased`` as ``name as local``."""
    pairs: list[tuple[str, str | None]] = [(n, None) for n in names]
    pairs += list(aliased)
    aliases = [_alias(n, a) for n, a in sorted(pairs, key=lambda p: member_key(p[0]))]
    line = cst.SimpleStatementLine(body=[cst.ImportFrom(module=cst.Name(source), names=aliases)])
    body: list[cst.BaseStatement] = list(module.body)
    index, how = from_import_slot(body, source)
    blank = cst.EmptyLine()
    if index == len(body):
        lead = (blank,) if how == "new-section" else ()
        return module.with_changes(body=[*body, line.with_changes(leading_lines=lead)])
    following = body[index]
    assert isinstance(following, cst.SimpleStatementLine | cst.BaseCompoundStatement)
    blanks, rest = _split_leading(following.leading_lines)
    if how == "before":
        line, following = (
            line.with_changes(leading_lines=blanks),
            following.with_changes(leading_lines=rest),
        )
    elif how == "new-section":
        line = line.with_changes(leading_lines=(blank,))
    elif how == "top-of-imports":
        line = line.with_changes(leading_lines=blanks)
        following = following.with_changes(leading_lines=(blank, *rest))
    elif how == "top":
        gap = 2 if isinstance(following, cst.FunctionDef | cst.ClassDef) else 1
        line = line.with_changes(leading_lines=blanks[:1])
        following = following.with_changes(leading_lines=(blank,) * gap + tuple(rest))
    body[index : index + 1] = [line, following]
    return module.with_changes(body=body)


def _split_leading(
    lines: Sequence[cst.EmptyLine],
) -> tuple[tuple[cst.EmptyLine, ...], tuple[cst.EmptyLine, ...]]:
    """The blank lines before the first comment, and the rest."""
    for index, line in enumerate(lines):
        if line.comment is not None:
            return tuple(lines[:index]), tuple(lines[index:])
    return tuple(lines), ()
