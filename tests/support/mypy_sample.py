"""A module with three mypy errors on one line and one below, for the verification tests.

``f``'s line has three bare generics (``list``, ``tuple``, ``dict``: three ``[type-arg]``
told apart by column), ``g`` an ``[return-value]`` no fix touches, and ``os`` is used
below them so that an edit of the import block moves every error.
"""

from __future__ import annotations

PATH = "app/x.py"
BEFORE = """\
import os


def f(a: list | tuple) -> dict:
    return {}


def g(key: str) -> str:
    return len(key)


print(os.sep)
"""
