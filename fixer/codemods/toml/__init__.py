"""Codemods for ``pyproject.toml``: tomlkit edits that keep every other byte."""
