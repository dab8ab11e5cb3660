"""The arguments a CI step's command gave one tool: ``mypy app`` or ``python -m ruff check .``.

The command is read line by line as the shell splits it (comments dropped); the tool is
called by its name (any path) or as ``-m TOOL``, and its arguments end at the first shell
operator. Each verifier, and each kind whose fix the tool makes, then keeps the options
that matter to it; so it sits in the ground layer, below both.
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Iterator

SHELL_OPS = {"&&", "||", ";", "|", "&"}


def lines_tokens(command: str | None) -> Iterator[list[str]]:
    """Each line of ``command`` as the shell splits it (a line it cannot split is left)."""
    for line in (command or "").splitlines():
        try:
            yield shlex.split(line, comments=True)
        except ValueError:
            continue


def tool_args(command: str | None, tool: str) -> list[str] | None:
    """The arguments of the first call of ``tool`` in ``command``; None without one."""
    for tokens in lines_tokens(command):
        for i, token in enumerate(tokens):
            module = token == "-m" and tokens[i + 1 : i + 2] == [tool]
            if posixpath.basename(token) == tool or module:
                args: list[str] = []
                for arg in tokens[i + (2 if module else 1) :]:
                    if arg in SHELL_OPS:
                        break
                    args.append(arg)
                return args
    return None
