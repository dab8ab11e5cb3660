"""Errors a user can act on.

Every expected failure is a :class:`FatalError` whose message says what went wrong
and, when it can, what to do; the CLI prints it on one line and exits with its code.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK = 0
EXIT_FOUND = 1  # failures found / something left unfixed
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_TOOL = 4  # a tool fixer runs (git, npm, ...) crashed, timed out or failed: not the input


class FatalError(Exception):
    """An error that ends the run with one clear line on stderr."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(FatalError):
    """The input (a log, a zip, a repository file) cannot be used."""


class ToolError(FatalError):
    """An external command failed in a way fixer cannot work around.

    Its exit code is not the one for bad input: the user's input was fine, the tool
    crashed, timed out or was not there."""

    exit_code = EXIT_TOOL

    def __init__(
        self, cmd: Sequence[str], returncode: int, stdout: str = "", stderr: str = ""
    ) -> None:
        self.cmd = tuple(cmd)
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        tail = (stderr or stdout).strip().splitlines()[-1:] or [""]
        super().__init__(f"{' '.join(self.cmd)} exited with {returncode}: {tail[0]}".rstrip(": "))


class Unfixable(Exception):
    """The failing tool, asked for its own fix, has none for this place: ``reason`` says
    why (a codemod turns it into a skip)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
