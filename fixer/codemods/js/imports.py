"""The bindings of ES import declarations, and the edits that remove one of them.

Shapes: default ``a``, namespace ``* as a``, named ``{ a }`` / ``{ x as a }``, mixed
``a, { b }`` and ``a, * as b``, TypeScript ``import type { a }`` and ``{ type a }``.
A removed specifier takes its comma with it; one alone on its line takes the line.
When the last binding of a declaration goes, the declaration goes too (its line, its
trailing comment) if it imports a package or only types; a local module
(``./setup``, ``@/x``, ``#x``) keeps its side effects as ``import './setup'``, as
ESLint's own suggestion does, where the import ran its module: in JavaScript, not in
TypeScript, which drops such an import at emit unless its tsconfig keeps it
(:mod:`fixer.kinds._tsconfig`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tree_sitter import Node

from fixer.codemods.base import Skip
from fixer.codemods.js import edits
from fixer.codemods.js.edits import Edit

Kind = Literal["default", "namespace", "named", "require"]
PACKAGE = re.compile(r"^(?:[a-z]+:|(?:@[a-z0-9][\w.-]*/)?[a-z0-9][\w.-]*(?:/.*)?$)", re.I)


@dataclass(frozen=True, slots=True)
class Binding:
    name: str
    kind: Kind
    identifier: Node  # the local name ESLint points at
    holder: Node  # what goes: identifier, namespace_import or import_specifier
    statement: Node


def import_bindings(root: Node) -> list[Binding]:
    """Every local name bound by a top-level import declaration, in source order."""
    found: list[Binding] = []
    for statement in root.named_children:
        if statement.type != "import_statement":
            continue
        for clause in statement.named_children:
            found.extend(_clause_bindings(clause, statement))
    return found


def _clause_bindings(clause: Node, statement: Node) -> list[Binding]:
    if clause.type == "import_require_clause":
        ident = clause.named_children[0]
        return [Binding(_text(ident), "require", ident, clause, statement)]
    if clause.type != "import_clause":
        return []
    found: list[Binding] = []
    for part in clause.named_children:
        if part.type == "identifier":
            found.append(Binding(_text(part), "default", part, part, statement))
        elif part.type == "namespace_import":
            ident = part.named_children[-1]
            found.append(Binding(_text(ident), "namespace", ident, part, statement))
        elif part.type == "named_imports":
            for spec in part.named_children:
                local = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                if spec.type == "import_specifier" and local is not None:
                    found.append(Binding(_text(local), "named", local, spec, statement))
    return found


def removal(data: bytes, binding: Binding, siblings: list[Binding], runs: bool | None) -> Edit:
    """The edit that removes ``binding``; ``siblings`` are all bindings of its statement;
    ``runs``: whether the statement, once its bindings are unused, still runs its module
    (:func:`fixer.kinds._tsconfig.import_runs`)."""
    others = [b for b in siblings if b.holder.start_byte != binding.holder.start_byte]
    if not others:
        return _drop_statement(data, binding.statement, runs)
    if binding.kind == "named" and any(b.kind == "named" for b in others):
        return _drop_from_list(data, binding.holder)
    holder = binding.holder.parent if binding.kind == "named" else binding.holder
    assert holder is not None
    if binding.kind == "default":  # `a, { b }` -> `{ b }`
        following = holder.next_named_sibling
        assert following is not None
        return Edit(holder.start_byte, following.start_byte)
    previous = holder.prev_named_sibling  # `a, { b }` -> `a`
    assert previous is not None
    return Edit(previous.end_byte, holder.end_byte)


def _drop_statement(data: bytes, statement: Node, runs: bool | None) -> Edit:
    source = statement.child_by_field_name("source")
    clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
    if source is not None and clause is not None and _keeps_side_effects(statement, source):
        if runs is None:
            raise Skip(
                f"whether {_text(source)} runs once its import is unused depends on a tsconfig"
                " fixer cannot read whole (it extends a package's, or does not parse)"
            )
        if runs:  # `import a from './m'` -> `import './m'`
            return Edit(clause.start_byte, source.start_byte)
    start, end = statement.start_byte, statement.end_byte
    if edits.starts_line(data, start) and edits.ends_line(data, end):
        return edits.remove_lines(data, start, end)
    if edits.ends_line(data, end):
        return Edit(edits.spaces_before(data, start), end)
    return Edit(start, edits.spaces_after(data, end))


def _keeps_side_effects(statement: Node, source: Node) -> bool:
    """A local module whose bindings all go keeps a bare import; packages and types do not."""
    if any(c.type == "type" for c in statement.children):
        return False
    specs = [n for n in _descendants(statement) if n.type == "import_specifier"]
    if specs and all(any(c.type == "type" for c in s.children) for s in specs):
        return False
    module = _text(source)[1:-1]
    return PACKAGE.match(module) is None


def _drop_from_list(data: bytes, spec: Node) -> Edit:
    """Remove ``spec`` and one comma from a ``{ ... }`` list that keeps other specifiers."""
    comma_after = _sibling_comma(spec, forward=True)
    comma_before = _sibling_comma(spec, forward=False)
    end = comma_after.end_byte if comma_after else spec.end_byte
    if edits.starts_line(data, spec.start_byte) and edits.ends_line(data, end):
        line = edits.remove_lines(data, spec.start_byte, end)
        if comma_after is None and comma_before is not None:  # keep "no trailing comma"
            return Edit(comma_before.start_byte, line.end, data[comma_before.end_byte : line.start])
        return line
    if comma_after is None:
        assert comma_before is not None
        return Edit(comma_before.start_byte, spec.end_byte)  # `{ a, b }` -> `{ a }`
    following = comma_after.next_sibling
    same_line = following is not None and following.start_point.row == comma_after.end_point.row
    if following is not None and following.type == "import_specifier" and same_line:
        return Edit(spec.start_byte, following.start_byte)  # `{ b, a }` -> `{ a }`
    previous = spec.prev_sibling
    assert previous is not None
    return Edit(previous.end_byte, comma_after.end_byte)  # `{ a, b, }` -> `{ a, }`


def _sibling_comma(node: Node, *, forward: bool) -> Node | None:
    sibling = node.next_sibling if forward else node.prev_sibling
    while sibling is not None and sibling.type == "comment":
        sibling = sibling.next_sibling if forward else sibling.prev_sibling
    return sibling if sibling is not None and sibling.type == "," else None


def _descendants(node: Node) -> list[Node]:
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.children)
    return found


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "surrogatepass")


def joins_neighbours(statement: Node) -> bool:
    """Removing ``statement`` could glue the code around it into one statement (no ``;``)."""
    before, after = statement.prev_named_sibling, statement.next_named_sibling
    while before is not None and before.type == "comment":
        before = before.prev_named_sibling
    if before is None or after is None or before.type == "import_statement":
        return False
    ended = (before.text or b"").rstrip().endswith((b";", b"}"))
    return not ended and (after.text or b"")[:1] in (b"(", b"[", b"`", b"+", b"-", b"/")
