"""Codemods for JavaScript and TypeScript: tree-sitter finds nodes, byte-range edits change text."""
