"""What an unexpected error leaves behind: a log a maintainer can act on.

As pre-commit does, an error fixer did not expect (a bug, not the user's input and not
a tool that failed) is written with everything needed to reproduce it to
``fixer.log`` in fixer's cache folder (``$XDG_CACHE_HOME/fixer``, else
``~/.cache/fixer``): fixer's, Python's, mypy's, ruff's and git's versions, the platform,
the command line and the traceback. The command line says where the log is and exits
with code 3. The log holds no environment variable, so no credential can reach it.
"""

from __future__ import annotations

import platform
import shlex
import sys
import traceback
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from fixer import __version__
from fixer.errors import ToolError
from fixer.proc import run

LOG_NAME = "fixer.log"


def write_log(exc: BaseException, argv: Sequence[str], folder: Path) -> Path:
    """Write the report of ``exc`` (raised while running ``argv``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    path.write_text(report(exc, argv), encoding="utf-8")
    return path


def report(exc: BaseException, argv: Sequence[str]) -> str:
    """The log's text: the error, the versions, the command line and the traceback."""
    trace = "".join(traceback.format_exception(exc))
    lines = [
        "### fixer: an unexpected error",
        "",
        f"{type(exc).__name__}: {exc}",
        "",
        "### versions",
        "",
        *(f"- {name}: {version}" for name, version in versions()),
        "",
        "### command line",
        "",
        f"    {shlex.join(['fixer', *argv])}",
        "",
        "### traceback",
        "",
        "```",
        trace.rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(lines)


def versions() -> list[tuple[str, str]]:
    """fixer's, Python's, mypy's, ruff's and git's versions, and the platform."""
    return [
        ("fixer", __version__),
        ("python", sys.version.replace("\n", " ")),
        ("mypy", _distribution("mypy")),
        ("ruff", _command_version(_ruff_command())),
        ("git", _command_version(["git", "--version"])),
        ("platform", platform.platform()),
    ]


def _distribution(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _ruff_command() -> list[str]:
    from fixer.verify.ruff import find_ruff

    found = find_ruff()
    return [*found, "--version"] if found else []


def _command_version(cmd: list[str]) -> str:
    if not cmd:
        return "not installed"
    try:
        done = run(cmd, Path.cwd(), timeout=20)
    except (OSError, ToolError) as exc:
        return f"unknown ({exc})"
    return (done.stdout or done.stderr).strip() or f"unknown (exit {done.returncode})"
