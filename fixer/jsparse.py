"""tree-sitter grammars for JavaScript and TypeScript, chosen by file extension.

``.js .jsx .mjs .cjs`` use the JavaScript grammar (which reads JSX), ``.ts .mts .cts``
the TypeScript grammar and ``.tsx`` the TSX grammar: plain TypeScript cannot read JSX
and TSX cannot read ``<T>value`` casts, so the extension decides.

tree-sitter works on UTF-8 bytes: every offset a node gives is a byte offset into
``text.encode("utf-8")``, never a ``str`` index.
"""

from __future__ import annotations

from functools import cache
from pathlib import PurePosixPath
from typing import Literal

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Parser, Tree

Grammar = Literal["javascript", "typescript", "tsx"]

GRAMMARS: dict[str, Grammar] = {
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
}


def grammar_for(path: str) -> Grammar | None:
    """The grammar for ``path`` by its extension, None when it is no JS/TS file."""
    return GRAMMARS.get(PurePosixPath(path).suffix.lower())


@cache
def language(grammar: Grammar) -> Language:
    """The loaded tree-sitter language (loaded once per process)."""
    if grammar == "javascript":
        return Language(tree_sitter_javascript.language())
    if grammar == "typescript":
        return Language(tree_sitter_typescript.language_typescript())
    return Language(tree_sitter_typescript.language_tsx())


def parse_bytes(data: bytes, path: str) -> Tree:
    """Parse UTF-8 ``data`` with the grammar of ``path`` (ValueError for other extensions)."""
    grammar = grammar_for(path)
    if grammar is None:
        raise ValueError(f"not a JavaScript or TypeScript file: {path}")
    return Parser(language(grammar)).parse(data)


def parse(text: str, path: str) -> Tree:
    """Parse ``text`` with the grammar of ``path``."""
    return parse_bytes(text.encode("utf-8", "surrogatepass"), path)


def has_syntax_errors(text: str, path: str) -> bool:
    """True when the tree of ``text`` has an ERROR or a MISSING node."""
    return parse(text, path).root_node.has_error
