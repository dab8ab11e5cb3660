"""Remove names from import statements, and statements that lose all their names.

Commas and the layout of parenthesized lists are kept (a comment stays on the line of
the name it follows; the removed name's own line goes with its comment). An emptied
statement disappears with its line; the comments above it move to the next
statement; a block left with no statement gets ``pass``. Why this is not LibCST's
``RemoveImportsVisitor`` (it drops those comments, and cannot name ``from . import x``):
see :mod:`fixer.codemods.python._imports`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

import libcst as cst

_Stmt = TypeVar("_Stmt", cst.Import, cst.ImportFrom)
_Line = TypeVar("_Line", cst.SimpleStatementLine, cst.SimpleStatementSuite)
Removals = Mapping[cst.Import | cst.ImportFrom, frozenset[int]]  # statement -> alias indices


class RemoveImports(cst.CSTTransformer):
    def __init__(self, removals: Removals) -> None:
        super().__init__()
        self.removals = removals
        self._emptied: list[cst.SimpleStatementLine] = []  # placeholders for removed lines

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        return self._drop(original_node, updated_node)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        return self._drop(original_node, updated_node)

    def _drop(self, original: _Stmt, updated: _Stmt) -> _Stmt | cst.RemovalSentinel:
        indices = self.removals.get(original)
        if not indices:
            return updated
        assert not isinstance(updated.names, cst.ImportStar)
        if len(indices) == len(updated.names):
            return cst.RemovalSentinel.REMOVE
        return drop_aliases(updated, indices)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        if updated_node.body:
            return _fix_semicolon(original_node, updated_node)
        placeholder = updated_node.with_changes(body=[cst.Pass()])
        self._emptied.append(placeholder)
        return placeholder

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.SimpleStatementSuite:
        if updated_node.body:
            return _fix_semicolon(original_node, updated_node)
        return updated_node.with_changes(body=[cst.Pass()])

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body, footer = self._settle(updated_node.body, updated_node.footer, keep_one=True)
        return updated_node.with_changes(body=body, footer=footer)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body, footer = self._settle(updated_node.body, updated_node.footer, keep_one=False)
        empty = not (body or footer or updated_node.header)
        return updated_node.with_changes(
            body=body,
            footer=footer,
            has_trailing_newline=updated_node.has_trailing_newline and not empty,
        )

    def _settle(
        self,
        body: Sequence[cst.BaseStatement],
        footer: Sequence[cst.EmptyLine],
        keep_one: bool,
    ) -> tuple[list[cst.BaseStatement], list[cst.EmptyLine]]:
        kept: list[cst.BaseStatement] = []
        carry: Sequence[cst.EmptyLine] = ()
        emptied = [s for s in body if any(s is e for e in self._emptied)]
        if keep_one and body and len(emptied) == len(body):
            kept, emptied = [emptied[0]], emptied[1:]  # a block needs a statement: ``pass``
        for stmt in body[len(kept) :]:
            if any(stmt is e for e in emptied):
                assert isinstance(stmt, cst.SimpleStatementLine)
                carry = _join(carry, stmt.leading_lines)
                continue
            if carry:
                assert isinstance(stmt, cst.SimpleStatementLine | cst.BaseCompoundStatement)
                stmt = stmt.with_changes(leading_lines=_join(carry, stmt.leading_lines))
                carry = ()
            kept.append(stmt)
        if any(line.comment is not None for line in carry):
            return kept, [*carry, *footer]
        return kept, list(footer)


def _join(
    removed: Sequence[cst.EmptyLine], following: Sequence[cst.EmptyLine]
) -> Sequence[cst.EmptyLine]:
    """The lines above a statement once the statement above it is gone."""
    if any(line.comment is not None for line in removed):
        return [*removed, *following]
    if all(line.comment is None for line in following) and len(removed) > len(following):
        return removed
    return following


def _fix_semicolon(original: _Line, updated: _Line) -> _Line:
    """``x = 1; import os`` without the import is ``x = 1``, not ``x = 1;``."""
    if (
        len(updated.body) == len(original.body)
        or original.body[-1].semicolon != cst.MaybeSentinel.DEFAULT
    ):
        return updated
    last = updated.body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return updated.with_changes(body=[*updated.body[:-1], last])


def drop_aliases(node: _Stmt, indices: frozenset[int]) -> _Stmt:
    """The statement without the names at ``indices`` (at least one name must stay)."""
    assert not isinstance(node.names, cst.ImportStar)
    names = list(node.names)
    for index in sorted(indices, reverse=True):
        if index < len(names) - 1:
            del names[index]
            continue
        last, prev = names.pop(), names[-1]
        prev_ws = prev.comma.whitespace_after if isinstance(prev.comma, cst.Comma) else None
        if isinstance(last.comma, cst.Comma):  # trailing comma: the new last name keeps one
            comma = last.comma
            end = last.comma.whitespace_after
            if isinstance(prev_ws, cst.ParenthesizedWhitespace) and isinstance(
                end, cst.ParenthesizedWhitespace
            ):
                comma = comma.with_changes(whitespace_after=_keep_first_line(prev_ws, end))
            names[-1] = prev.with_changes(comma=comma)
            continue
        names[-1] = prev.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        if isinstance(node, cst.ImportFrom) and node.rpar is not None:
            end = node.rpar.whitespace_before
            if isinstance(prev_ws, cst.ParenthesizedWhitespace) and isinstance(
                end, cst.ParenthesizedWhitespace
            ):
                rpar = node.rpar.with_changes(whitespace_before=_keep_first_line(prev_ws, end))
                node = node.with_changes(rpar=rpar)
    return node.with_changes(names=names)


def _keep_first_line(
    own: cst.ParenthesizedWhitespace, end: cst.ParenthesizedWhitespace
) -> cst.ParenthesizedWhitespace:
    """Whitespace that ends the line as ``own`` did (its comment) and goes on as ``end``."""
    return own.with_changes(indent=end.indent, last_line=end.last_line)
