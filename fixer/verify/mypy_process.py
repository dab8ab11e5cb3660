"""How fixer starts its mypy processes: the interpreter, the script, the environment.

Kept apart from :mod:`fixer.verify.mypy` so that :class:`WarmMypy` can start before the
modules that read mypy's output are even loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from fixer.proc import clean_env

# fixer's interpreter, the project's folder after fixer's own modules on ``sys.path`` (see
# the module docstring)
PYTHON = (sys.executable, "-P", "-c")
# the folders PYTHONPATH names go after fixer's own too (a job's PYTHONPATH=. is the project)
_LATE = (
    "late = [os.path.abspath(p) for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]\n"
    "sys.path[:] = [p for p in sys.path if p not in late] + late\n"
)
_IMPORTS = "import os, sys\n" + _LATE + "sys.path.append(os.getcwd())\nimport mypy.__main__\n"
RUN = _IMPORTS + "mypy.__main__.console_entry()\n"
# the same, held at the start: mypy checks once "go" arrives on stdin
GATED = _IMPORTS + "if sys.stdin.readline() == 'go\\n':\n    mypy.__main__.console_entry()\n"
# the same, started before there is a tree to check: mypy loads, then its working
# directory and arguments come on stdin as one JSON line (none: it exits)
WARM = (
    "import json, os, sys\n" + _LATE + "import mypy.__main__\nline = sys.stdin.readline()\n"
    "if line.strip():\n    cwd, sys.argv[1:] = json.loads(line)\n    os.chdir(cwd)\n"
    "    sys.path.append(os.getcwd())\n    mypy.__main__.console_entry()\n"
)


def popen(command: list[str], cwd: Path | str, stdin: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=clean_env({"MYPY_FORCE_COLOR": "0", "TERM": "dumb"}),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )


class WarmMypy:
    """fixer's interpreter with mypy loaded, started before the worktree is checked out:
    mypy's own start-up (0.15-0.2 s of CPU, about a tenth of a cold run on a small
    backend) then overlaps the checkout and the reading of the logs. The first
    :class:`~fixer.verify.mypy.MypyRun` started with it sends it its working
    directory and arguments and it checks as :data:`RUN` would: the same interpreter,
    flags, environment and ``sys.path`` (the working directory appended last)."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None
        try:
            self._proc = popen([*PYTHON, WARM], tempfile.gettempdir(), subprocess.PIPE)
        except OSError:  # the run will start a process of its own, and say why it fails
            self._proc = None

    def take(self, cwd: Path, args: Sequence[str]) -> subprocess.Popen[str] | None:
        """The process, told to check ``args`` in ``cwd``; None when it was taken already
        or has died (the run then starts a process of its own)."""
        proc, self._proc = self._proc, None
        if proc is None or proc.stdin is None:
            return None
        try:
            proc.stdin.write(json.dumps([str(cwd), list(args)]) + "\n")
            proc.stdin.flush()
        except OSError:  # it died while waiting: the run starts afresh
            proc.kill()
            proc.communicate()
            return None
        return proc

    def stop(self) -> None:
        """End it if no run took it."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.communicate()
