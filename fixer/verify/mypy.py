"""Run mypy the way the CI step did, before and after a change, and compare.

mypy runs from the step's working directory in the worktree (so it reads the
project's own ``[tool.mypy]`` / ``mypy.ini`` / ``setup.cfg``), on the targets the CI
command named, with its cache in fixer's temporary folder: the baseline run is cold,
the run after the change is incremental and cheap (its interpreter loads mypy while the
baseline still runs, :meth:`MypyRun.prepare`). ``--python PATH`` becomes
``--python-executable`` so third-party imports resolve in the project's environment.

fixer's own mypy runs with ``python -P`` and the working directory (the project) put at
the *end* of ``sys.path``, not the start, after the folders ``PYTHONPATH`` names (moved
there too: a job's ``PYTHONPATH=.`` names the project): a project's top-level ``mypy/``
package or ``typing_extensions.py`` cannot stand in for the modules mypy itself imports,
while a plugin the project names by module (``plugins = ["my_plugin"]``) still loads, as
under ``python -m mypy``. mypy finds the checked code by its own import resolution (the files
and packages named, ``mypy_path``, the ``--python-executable``'s site-packages).

fixer reads mypy's errors in one form whatever the project's output settings are
(:mod:`fixer.verify.mypy_output`: ``-O json`` from mypy 1.11, forced text flags before).

A change holds when the errors it targeted are gone and no error appears that the
baseline did not have, errors compared through the edit's line map
(:mod:`fixer.verify.mypy_compare`): a change that adds an import moves every later
error without making it new; the same message on another line is new.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fixer.shellcmd import tool_args
from fixer.verify.mypy_compare import new_errors, pairs, remaining, targeted
from fixer.verify.mypy_output import MypyError, output_flags, parse_output, speaks_json
from fixer.verify.mypy_process import GATED, PYTHON, RUN, WarmMypy, popen

# options that only change how mypy prints; fixer sets its own
DROP = {
    "--pretty",
    "--no-pretty",
    "--show-column-numbers",
    "--hide-column-numbers",
    "--show-error-end",
    "--hide-error-end",
    "--show-absolute-path",
    "--hide-absolute-path",
    "--show-error-codes",
    "--hide-error-codes",
    "--show-error-context",
    "--hide-error-context",
    "--show-error-code-links",
    "--hide-error-code-links",
    "--error-summary",
    "--no-error-summary",
    "--color-output",
    "--no-color-output",
    "--junit-xml",
    "-O",
    "--output",
}
TAKES_VALUE = {"-O", "--output", "--junit-xml"}

__all__ = [
    "MypyError",
    "MypyResult",
    "MypyRun",
    "WarmMypy",
    "mypy_args",
    "new_errors",
    "pairs",
    "remaining",
    "targeted",
]


def mypy_args(command: str | None) -> list[str] | None:
    """The arguments the CI command gave mypy (None when it did not run mypy directly)."""
    args = tool_args(command, "mypy")
    return None if args is None else _kept(args)


def _kept(args: list[str]) -> list[str]:
    kept: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg.split("=")[0] not in DROP and not arg.startswith("-O"):
            kept.append(arg)
        else:
            skip = arg in TAKES_VALUE
    return kept


class MypyRun:
    """One mypy run in ``root / cwd``, started in the background."""

    def __init__(
        self,
        root: Path,
        cwd: str,
        args: Sequence[str],
        cache_dir: Path,
        python: str | None = None,
        as_json: bool | None = None,  # None: JSON when the mypy in use has it
        warm: WarmMypy | None = None,  # a loaded interpreter to run in (WarmMypy)
    ) -> None:
        self.root, self.cwd = root, cwd
        self._warm = warm
        self.json = speaks_json() if as_json is None else as_json
        self.args = [*args, *output_flags(self.json), "--cache-dir", str(cache_dir)]
        if python:
            self.args.append(f"--python-executable={python}")
        self.command = [*PYTHON, RUN, *self.args]
        self._proc: subprocess.Popen[str] | None = None
        self._held = False

    @property
    def display(self) -> str:
        shown = ["mypy", *self.args]
        cache = shown.index("--cache-dir")
        del shown[cache : cache + 2]
        return shlex.join(shown)

    def start(self) -> MypyRun:
        if self._held:
            self._release()
        else:
            warm, self._warm = self._warm, None
            self._proc = warm.take(self.root / self.cwd, self.args) if warm else None
            if self._proc is None:
                self._spawn(self.command, subprocess.DEVNULL)
        return self

    def prepare(self) -> MypyRun:
        """Start the interpreter and load mypy now, but check nothing until :meth:`start`
        (or :meth:`wait`): mypy's own start-up, about 0.1 s, then overlaps whatever runs
        meanwhile, and the files are read only once released."""
        self._spawn([*PYTHON, GATED, *self.args], subprocess.PIPE)
        self._held = True
        return self

    def _spawn(self, command: list[str], stdin: int) -> None:
        self._proc = popen(command, self.root / self.cwd, stdin)

    def release(self) -> None:
        """Let a prepared run check now (nothing when it is not held)."""
        if self._held:
            self._release()

    def _release(self) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._held = False
        try:
            self._proc.stdin.write("go\n")
            self._proc.stdin.flush()
        except BrokenPipeError:  # it died while held: wait() reports how
            pass

    def wait(self, limit: float | None = None) -> MypyResult:
        if self._proc is None or self._held:
            self.start()
        assert self._proc is not None
        limit = timeout(1800) if limit is None else limit
        try:
            out, err = self._proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.communicate()
            return MypyResult(self.display, (), 124, f"mypy timed out after {limit:g} s", True)
        errors = tuple(self._parse(out))
        code = self._proc.returncode
        problem = ""
        if code not in (0, 1) or (code == 1 and not errors):
            problem = _tail(err or out) or f"mypy exited with {code}"
        crashed = bool(problem) and _crashed(code, err + out)
        return MypyResult(self.display, errors, code, problem, crashed)

    def stop(self) -> None:
        """End the run if it is still going: its result is not wanted."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.communicate()

    def _parse(self, out: str) -> list[MypyError]:
        base = str((self.root / self.cwd).resolve())
        return list(parse_output(out, self.json, self.cwd or ".", base))


@dataclass(frozen=True, slots=True)
class MypyResult:
    command: str
    errors: tuple[MypyError, ...]
    returncode: int
    problem: str  # why the run says nothing (crash, bad config); empty when it ran
    crashed: bool = False  # mypy itself broke (a traceback, INTERNAL ERROR, a signal, a timeout)

    def count(self) -> int:
        return len(self.errors)


def _tail(text: str) -> str:
    """The line that says why mypy stopped: its own error, else the last line."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return ""
    said = [ln for ln in lines if "INTERNAL ERROR" in ln or "error:" in ln]
    raised = [ln for ln in lines if ln[:1].isalpha() and ("Error:" in ln or "Exception:" in ln)]
    return (raised or said or lines)[-1][:300]


def _crashed(code: int, out: str) -> bool:
    """A crash of mypy itself (``INTERNAL ERROR``, a traceback, a signal), not an answer
    about the code or its configuration."""
    return code < 0 or "INTERNAL ERROR" in out or "Traceback (most recent call last)" in out


def timeout(default: float) -> float:
    """How long one run of a tool may take: ``$FIXER_TOOL_TIMEOUT`` seconds, else ``default``."""
    try:
        return float(os.environ.get("FIXER_TOOL_TIMEOUT", "")) or default
    except ValueError:
        return default
