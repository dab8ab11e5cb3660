"""Codemods for pip requirements files (``requirements*.txt``, pip-tools ``*.in``)."""
