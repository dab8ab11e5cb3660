"""Codemods for lock files: the lock as the tool that wrote it writes it again."""
