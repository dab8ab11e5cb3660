"""Remove an import binding that ESLint's ``no-unused-vars`` or tsc (TS6133, TS6192) reports.

The finding must point (line and UTF-16 column, as ESLint and tsc count) at the local
name of an import, or at the first character of its declaration (where tsc puts TS6133
for a declaration of one binding); ``details["binding"]`` must be ``import`` or
``unknown`` (the source is then the judge): unused variables, parameters and functions
are a person's business. A finding with ``details["imports"] == "all"`` (tsc's TS6192,
"All imports in import declaration are unused") names no binding: every binding of the
declaration that starts at its place goes. When the name
appears anywhere else in the file (a call, a type, JSX such as ``<Act />``, an
export) the finding is stale or the JSX plugin is off, so the codemod skips. How the
specifier, its comma, its line or the whole declaration goes is described in
:mod:`fixer.codemods.js.imports`. The grammar comes from the finding's path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from tree_sitter import Node

from fixer.codemods.base import Codemod, Example, Skip
from fixer.codemods.js import edits, imports
from fixer.jsparse import grammar_for, parse_bytes
from fixer.model import CodemodContext, Finding

# the kind of the examples' findings (a codemod is given only the findings of the kinds
# that name it: it never sorts them by kind)
KIND = "eslint.no-unused-vars"
REFERENCES = frozenset(
    {"identifier", "type_identifier", "shorthand_property_identifier",
     "shorthand_property_identifier_pattern"}
)  # fmt: skip
Target = tuple[str, int | None, int | None]  # name, line, column (1-based)


def _unused(name: str, line: int, column: int, path: str = "src/App.test.jsx") -> Finding:
    message = f"'{name}' is defined but never used."
    details = {"name": name, "binding": "import"}
    return Finding(KIND, "eslint", message, path, line, column, "no-unused-vars", details=details)


_TL = "import { render, screen, act } from '@testing-library/react';\n"
_BADGE = (
    "import ReadyBadge from './ReadyBadge';\n\n"
    "test('shows', () => {\n  render(<ReadyBadge />);\n});\n"
)


def _tsc(code: str, line: int, column: int, name: str = "") -> Finding:
    message = (
        f"'{name}' is declared but its value is never read."
        if name
        else "All imports in import declaration are unused."
    )
    details = {
        "code": code,
        "binding": "import",
        **({"name": name} if name else {"imports": "all"}),
    }
    return Finding("tsc.error", "tsc", message, "src/x.ts", line, column, code, details=details)


class UnusedJsImport(Codemod):
    id: ClassVar[str] = "unused_import_js"
    language = "javascript"
    examples: ClassVar[tuple[Example, ...]] = (
        Example(
            "named-specifier-from-list",
            _TL + _BADGE,
            "import { render, screen } from '@testing-library/react';\n" + _BADGE,
            (_unused("act", 1, 26),),
            path="src/App.test.jsx",
        ),
        Example(
            "last-binding-of-package-import-goes-with-its-line",
            "import { act } from 'react'; // old API\nimport { render } from './render'\n"
            "\nrender(<p />)\n",
            "import { render } from './render'\n\nrender(<p />)\n",
            (_unused("act", 1, 10),),
            path="src/ReadyBadge.test.jsx",
        ),
        Example(
            "multiline-list-crlf-ts",
            "import {\r\n  useMemo,\r\n  useState, // state\r\n} from 'react'\r\nuseMemo()\r\n",
            "import {\r\n  useMemo,\r\n} from 'react'\r\nuseMemo()\r\n",
            (_unused("useState", 3, 3, "src/hooks.ts"),),
            path="src/hooks.ts",
        ),
        Example(
            "default-beside-named-tsx",
            "import React, { useState } from 'react';\nexport const A = () => useState(1);\n",
            "import { useState } from 'react';\nexport const A = () => useState(1);\n",
            (_unused("React", 1, 8, "src/A.tsx"),),
            path="src/A.tsx",
        ),
        Example(
            "type-import-after-non-ascii",
            "// Größe 😀\nimport type { Props } from './types';\nexport const n = 1;\n",
            "// Größe 😀\nexport const n = 1;\n",
            (_unused("Props", 2, 15, "src/n.ts"),),
            path="src/n.ts",
        ),
        Example(
            "local-module-keeps-side-effects",
            "import setup, * as helpers from './setup.mjs'\n",
            "import './setup.mjs'\n",
            (_unused("setup", 1, 8, "t.mjs"), _unused("helpers", 1, 20, "t.mjs")),
            path="t.mjs",
        ),
        Example(
            "already-removed",
            "import { render } from '@testing-library/react';\nrender(null);\n",
            "import { render } from '@testing-library/react';\nrender(null);\n",
            (_unused("act", 1, 26),),
            path="src/App.test.jsx",
        ),
        Example(
            "used-in-jsx",
            "import Act from './Act';\nconst a = <Act />;\n",
            "import Act from './Act';\nconst a = <Act />;\n",
            (_unused("Act", 1, 8),),
            path="src/App.test.jsx",
            skip=True,
        ),
        Example(
            "tsc-ts6133-at-the-declaration",
            "import type { Money } from './money';\nimport { add } from './money';\n"
            "export const two = add(1, 1);\n",
            "import { add } from './money';\nexport const two = add(1, 1);\n",
            (_tsc("TS6133", 1, 1, "Money"),),
            path="src/x.ts",
        ),
        Example(
            "tsc-ts6192-every-binding",
            "import { a, b as c } from 'lib';\nimport { d, e } from 'lib2';\nd();\n",
            "import { d } from 'lib2';\nd();\n",
            (_tsc("TS6192", 1, 1), _tsc("TS6133", 2, 13, "e")),
            path="src/x.ts",
        ),
        Example(
            "tsc-already-removed",
            "import { d } from 'lib2';\nd();\n",
            "import { d } from 'lib2';\nd();\n",
            (_tsc("TS6192", 1, 1),),
            path="src/x.ts",
        ),
        Example(
            "not-an-import",
            "const act = 1;\n",
            "const act = 1;\n",
            (Finding(KIND, "eslint", "", "a.js", 1, 7, details={"name": "act", "binding": "var"}),),
            path="a.js",
            skip=True,
        ),
    )

    def applies_to(self, path: str) -> bool:
        return grammar_for(path) is not None

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        whole = [f for f in findings if f.details.get("imports") == "all"]
        targets = _targets([f for f in findings if f not in whole])
        if not targets and not whole:
            return text
        path = _path(findings)
        data = text.encode("utf-8", "surrogatepass")
        root = parse_bytes(data, path).root_node
        if root.has_error:
            raise Skip(f"{path} does not parse; not editing it")
        names = [t[0] for t in targets if _locate(data, root, t) is not None]
        for finding in whole:
            names += _declaration(data, root, finding)
        for name in dict.fromkeys(names):  # one finding per name, even if seen in two jobs
            data = _remove(data, path, name, ctx.import_runs)
        if parse_bytes(data, path).root_node.has_error:
            raise Skip("removing the import would leave code that does not parse")
        return data.decode("utf-8", "surrogatepass")


def _targets(findings: Sequence[Finding]) -> list[Target]:
    targets: list[Target] = []
    for finding in findings:
        binding = finding.details.get("binding", "unknown")
        if binding not in ("import", "unknown"):  # "unknown": the tree below decides
            raise Skip(f"only unused imports are removed, not an unused {binding}")
        name = finding.details.get("name")
        if not name:
            raise Skip("the finding does not name the unused binding")
        targets.append((name, finding.line, finding.column))
    return targets


def _path(findings: Sequence[Finding]) -> str:
    for finding in findings:
        for path in (finding.path, finding.raw_path):
            if path and grammar_for(path):
                return path
    raise Skip("no JavaScript or TypeScript path on the finding to choose a grammar")


def _locate(data: bytes, root: Node, target: Target) -> imports.Binding | None:
    """The import binding ``target`` names; None when it is gone; :class:`Skip` when unsure."""
    name, line, column = target
    matches = [b for b in imports.import_bindings(root) if b.name == name]
    if not matches:
        return None
    if len(matches) > 1:
        raise Skip(f"{name} is imported more than once")
    binding = matches[0]
    at_line = binding.identifier.start_point.row + 1
    at_column = edits.utf16_column(data, binding.identifier.start_byte)
    starts = (
        binding.statement.start_point.row + 1,
        edits.utf16_column(data, binding.statement.start_byte),
    )
    elsewhere = line is not None and (line != at_line or column not in (None, at_column))
    if elsewhere and (line, column) != starts:  # tsc points at a one-binding declaration
        raise Skip(f"{name} is imported at {at_line}:{at_column}, not where the finding points")
    if binding.kind == "require":
        raise Skip(f"`import {name} = require(...)` is left to a person")
    if _used(root, binding):
        raise Skip(f"{name} is used in the file; the finding looks stale")
    return binding


def _declaration(data: bytes, root: Node, finding: Finding) -> list[str]:
    """The names of the declaration that starts where ``finding`` points when every one is
    unused; none when no such declaration is there (it is gone: already fixed, and a used
    one in its place is another declaration, never removed)."""
    found = [
        b
        for b in imports.import_bindings(root)
        if b.statement.start_point.row + 1 == finding.line
        and edits.utf16_column(data, b.statement.start_byte) == (finding.column or 1)
    ]
    if any(_used(root, binding) for binding in found):
        return []
    if any(binding.kind == "require" for binding in found):
        raise Skip("`import x = require(...)` is left to a person")
    return [b.name for b in found]


def _used(root: Node, binding: imports.Binding) -> bool:
    """Whether the name appears as a reference anywhere but in its own import."""
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type not in REFERENCES or node.text != binding.identifier.text:
            continue
        in_import = node.parent is not None and node.parent.type == "import_specifier"
        if not in_import and node.start_byte != binding.identifier.start_byte:
            return True
    return False


def _remove(data: bytes, path: str, name: str, runs: bool | None) -> bytes:
    """Remove the import of ``name`` from freshly parsed ``data``."""
    bindings = imports.import_bindings(parse_bytes(data, path).root_node)
    binding = next(b for b in bindings if b.name == name)
    start = binding.statement.start_byte
    siblings = [b for b in bindings if b.statement.start_byte == start]
    if len(siblings) == 1 and imports.joins_neighbours(binding.statement):
        raise Skip(f"removing the import of {name} would join the statements around it")
    return edits.apply(data, [imports.removal(data, binding, siblings, runs)])
