"""The real tools, run the way the corpus's CI runs them, and their errors as data.

The CI step prints mypy's text output (in whatever form the project's configuration gives
it); the checks read the same run's ``--output json`` and ruff's ``--output-format json``
instead, so that they do not depend on any text parser, fixer's included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MYPY_FLAGS = (
    "--disallow-any-generics",
    "--show-column-numbers",
    "--show-error-codes",
    "--ignore-missing-imports",
)
RUFF_SELECT = "F401"
# what the checks also look for after a fix: a removed import that was used after all
RUFF_CHECK_SELECT = "F401,F811,F821,F822"


@dataclass(frozen=True, slots=True, order=True)
class Error:
    path: str  # relative to the project root, POSIX
    line: int
    column: int  # 1-based
    code: str
    message: str

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column} [{self.code}] {self.message}"


@dataclass(frozen=True, slots=True)
class Run:
    command: str  # as the CI step shows it
    output: list[str]  # stdout then stderr, as printed
    exit_code: int


def tool_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MYPY", "RUFF"))}
    env.update(NO_COLOR="1", TERM="dumb", PYTHONDONTWRITEBYTECODE="1")
    return env


def _run(cmd: Sequence[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(cmd), cwd=cwd, capture_output=True, text=True, env=tool_env(), timeout=timeout
    )


def mypy_command(target: str) -> str:
    return " ".join(["mypy", target, *MYPY_FLAGS])


def ruff_command() -> str:
    return f"ruff check --select {RUFF_SELECT} --output-format concise"


def mypy_log_run(root: Path, target: str, cache: Path) -> Run:
    """mypy as the CI step runs it: the text its configuration asks for."""
    cmd = [sys.executable, "-m", "mypy", target, *MYPY_FLAGS, "--cache-dir", str(cache)]
    proc = _run(cmd, root)
    return Run(mypy_command(target), _lines(proc), proc.returncode)


def ruff_log_run(root: Path) -> Run:
    cmd = [_ruff(), "check", "--select", RUFF_SELECT, "--output-format", "concise", "--no-cache"]
    proc = _run(cmd, root)
    return Run(ruff_command(), _lines(proc), proc.returncode)


def mypy_errors(root: Path, target: str, cache: Path) -> list[Error]:
    """Every mypy error in the project, from ``--output json``."""
    cmd = [sys.executable, "-m", "mypy", target, *MYPY_FLAGS, "--cache-dir", str(cache)]
    proc = _run([*cmd, "--output", "json"], root)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"mypy failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    errors = []
    for line in proc.stdout.splitlines():
        if not line.startswith("{"):
            continue
        item = json.loads(line)
        if item.get("severity") != "error":
            continue
        path = Path(item["file"]).as_posix().removeprefix("./")
        errors.append(
            Error(path, item["line"], item["column"] + 1, item["code"] or "", item["message"])
        )
    return sorted(errors)


def ruff_errors(root: Path, select: str = RUFF_CHECK_SELECT) -> list[Error]:
    cmd = [_ruff(), "check", "--select", select, "--output-format", "json", "--no-cache"]
    proc = _run([*cmd, "--exit-zero"], root)
    if proc.returncode != 0:
        raise RuntimeError(f"ruff failed ({proc.returncode}): {proc.stderr}")
    errors = []
    for item in json.loads(proc.stdout or "[]"):
        path = Path(item["filename"]).resolve().relative_to(root.resolve()).as_posix()
        loc = item["location"]
        errors.append(Error(path, loc["row"], loc["column"], item["code"] or "", item["message"]))
    return sorted(errors)


def _ruff() -> str:
    return str(Path(sys.executable).with_name("ruff"))


def _lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return proc.stdout.splitlines() + proc.stderr.splitlines()
