"""Running other programs: always with an environment stripped of credentials.

The repository's own code runs under fixer (mypy loads plugins, pip runs
``setup.py``, ESLint loads its config), so no token may reach it: every variable
that looks like a credential is removed from the environment of every tool.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fixer.errors import ToolError
from fixer.redact import SECRET


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without anything that looks like a credential."""
    env = {k: v for k, v in os.environ.items() if not SECRET.search(k)}
    env.update(extra or {})
    return env


@dataclass(frozen=True, slots=True)
class Result:
    cmd: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run(
    cmd: Sequence[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 900,
    check: bool = False,
    input: str | None = None,
) -> Result:
    """Run ``cmd`` in ``cwd`` with a clean environment (``input`` on its stdin, else
    none); never raises on exit codes unless ``check`` is set."""
    try:
        proc = subprocess.run(
            list(cmd),
            cwd=cwd,
            env=clean_env(env),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            check=False,
        )
    except FileNotFoundError:
        raise ToolError(cmd, 127, stderr=f"{cmd[0]}: command not found") from None
    except subprocess.TimeoutExpired:
        raise ToolError(cmd, 124, stderr=f"timed out after {timeout:.0f} s") from None
    result = Result(tuple(cmd), proc.returncode, proc.stdout, proc.stderr)
    if check and proc.returncode != 0:
        raise ToolError(cmd, proc.returncode, proc.stdout, proc.stderr)
    return result
