"""ruff on a file before and after an unused import was removed, compared.

ruff runs from the CI step's working directory with the rule and configuration options
the CI command gave it (``--select``, ``--ignore``, ``--config``, ``--isolated``, ...),
so it reads the project's own configuration as the step did, and with at least the
pyflakes rules (``--extend-select F``). It lints the text before and the text after the
change through stdin under the file's own name (per-file settings apply to both). The
change holds when the targeted findings were reported before and are gone after, and
nothing is reported that was not reported before: the two runs are compared through
the edit's line map as mypy's errors are (:mod:`fixer.verify.mypy_compare`), so a
finding that only moved up a line is not new, and one that removing an import exposed
(``import os`` left unused once ``import os.path`` is gone) is.

A flake8 finding is proven with ruff's pyflakes rules (``--isolated --select F``), which
report what flake8's ``F`` codes report; the check says that ruff stood in for flake8.
When the project's configuration does not load in fixer's ruff, both runs fall back to
``--isolated`` and the check says so. When ruff itself breaks (a panic, a signal, more
than ``$FIXER_TOOL_TIMEOUT`` seconds, default 120) or cannot lint the file even so, the
check is a tool error: the fix is neither proven nor refuted, and is not kept.
"""

from __future__ import annotations

import json
import posixpath
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fixer.diagnose.lintdocs import from_object
from fixer.diagnose.ruff import finding_of
from fixer.proc import clean_env
from fixer.shellcmd import tool_args
from fixer.verify.linemap import line_maps
from fixer.verify.mypy import MypyError, MypyResult, new_errors, remaining, timeout
from fixer.verify.verdicts import TOOL_ERROR

# options of ``ruff check`` that choose the rules or the configuration
VALUED = {
    "--select",
    "--extend-select",
    "--ignore",
    "--extend-ignore",
    "--per-file-ignores",
    "--extend-per-file-ignores",
    "--config",
    "--target-version",
    "--line-length",
}
FLAGS = {"--isolated", "--preview", "--no-preview"}
FLAKE8_STANDIN = "ruff stood in for flake8 (its pyflakes rules, F); flake8 did not run"


def find_ruff() -> list[str] | None:
    """fixer's own ruff (a dependency), else one on PATH."""
    try:
        from ruff.__main__ import find_ruff_bin

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        found = shutil.which("ruff")
        return [found] if found else None


def ruff_args(command: str | None) -> list[str]:
    """The rule and configuration options the CI command gave ``ruff check``."""
    return _kept(tool_args(command, "ruff") or [])


def _kept(tokens: list[str]) -> list[str]:
    kept: list[str] = []
    for i, token in enumerate(tokens):
        option = token.split("=", 1)[0]
        if token in FLAGS or (option in VALUED and "=" in token):
            kept.append(token)
        elif token in VALUED and i + 1 < len(tokens):
            kept += [token, tokens[i + 1]]
    return kept


@dataclass(frozen=True, slots=True)
class Target:
    """A finding the change must make go: where it is, its subject, its rule."""

    line: int
    column: int | None
    name: str
    code: str | None  # the rule (``F401``), as the log printed it


@dataclass(frozen=True, slots=True)
class RuffVerdict:
    problem: str | None  # why the change does not hold; None when it does
    command: tuple[str, ...]
    before: int
    after: int
    note: str = ""


def ruff_verdict(
    root: Path,
    cwd: str,
    path: str,
    texts: tuple[str, str],
    targets: Sequence[Target],
    command: str | None,
    flake8: bool = False,
) -> RuffVerdict | None:
    """ruff's verdict on the change of ``path`` from ``texts[0]`` to ``texts[1]`` (None
    without ruff)."""
    ruff = find_ruff()
    if ruff is None:
        return None
    args = (
        ["--isolated", "--select", "F"] if flake8 else [*ruff_args(command), "--extend-select", "F"]
    )
    note = FLAKE8_STANDIN if flake8 else ""
    name = posixpath.relpath(path, cwd or ".")
    runs = [_lint(ruff, root / cwd, name, path, args, text) for text in texts]
    broken = [r for r in runs if isinstance(r, Broken)]
    if broken and not any(b.crashed for b in broken) and "--isolated" not in args:
        args = ["--isolated", *(a for a in args if not a.startswith("--config"))]
        note = "the project's ruff configuration did not load; checked with --isolated"
        runs = [_lint(ruff, root / cwd, name, path, args, text) for text in texts]
    display = ("ruff", "check", *args, f"--stdin-filename={name}")
    before, after = runs
    if isinstance(before, Broken) or isinstance(after, Broken):
        # ruff itself failed (crashed, timed out, or could not lint the file even without
        # the project's configuration): that says nothing about the change
        why = before if isinstance(before, Broken) else after
        assert isinstance(why, Broken)
        how = "did not finish" if why.crashed else "failed"
        return RuffVerdict(f"{TOOL_ERROR}ruff {how}: {why.why}", display, 0, 0, note)
    problem = _compare(path, texts, before, after, targets, flake8)
    return RuffVerdict(problem, display, before.count(), after.count(), note)


def _compare(
    path: str,
    texts: tuple[str, str],
    before: MypyResult,
    after: MypyResult,
    targets: Sequence[Target],
    flake8: bool,
) -> str | None:
    aimed = [_targeted(before, path, t, flake8) for t in targets]
    missing = [t for t, e in zip(targets, aimed, strict=True) if e is None]
    if missing:
        t = missing[0]
        return f"ruff, run as the CI step ran it, does not report `{t.name}` at line {t.line}"
    maps = line_maps({path: texts[0]}, {path: texts[1]})
    left = remaining(after, [e for e in aimed if e is not None], before, maps)
    if left:
        return f"ruff still reports {_shown(left[0])}"
    fresh = new_errors(before, after, maps)
    if fresh:
        return f"ruff reports a new error: {_shown(fresh[0])}"
    return None


def _targeted(result: MypyResult, path: str, target: Target, flake8: bool) -> MypyError | None:
    """The error a finding names: of its rule, at its line (and column), else by its
    name as the parser reads it; flake8 prints an F401 at the statement's first line, ruff
    at the name's own (in a parenthesized list)."""
    same = [e for e in result.errors if (e.path, e.code) == (path, target.code)]
    here = [e for e in same if e.line == target.line]
    at = [e for e in here if target.column is not None and e.column == target.column]
    named = [e for e in here if e.ident == target.name]
    if flake8 and not named:
        named = [e for e in same if e.line > target.line and e.ident == target.name]
    found = at or named
    return found[0] if found else None


def _shown(error: MypyError) -> str:
    return f"{error.path}:{error.line}:{error.column} {error.code} {error.message}"


@dataclass(frozen=True, slots=True)
class Broken:
    """Why a ruff run gave no findings: ``crashed`` when ruff itself broke (a panic, a
    signal, the time limit), else it refused (a configuration it cannot load)."""

    why: str
    crashed: bool = False


def _lint(
    ruff: list[str], cwd: Path, name: str, path: str, args: list[str], text: str
) -> MypyResult | Broken:
    """ruff's findings on ``text`` as the file ``name`` (relative to ``cwd``), as
    errors of ``path``; or why ruff gave none."""
    cmd = [*ruff, "check", "--no-cache", "--output-format", "json", *args]
    cmd.append(f"--stdin-filename={name}")  # one argument: a name may start with "-"
    limit = timeout(120)
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, env=clean_env(), input=text, capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return Broken(f"ruff timed out after {limit:g} s", crashed=True)
    except OSError as exc:
        return Broken(str(exc)[:200], crashed=True)
    if proc.returncode not in (0, 1):
        why = (proc.stderr or f"ruff exited with {proc.returncode}").strip()[:200]
        crashed = proc.returncode < 0 or "panicked" in proc.stderr or "crashed" in proc.stderr
        return Broken(why, crashed)
    try:
        messages = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        return Broken((proc.stderr or proc.stdout).strip()[:200], crashed=True)
    errors = tuple(_error(path, m) for m in messages)
    return MypyResult(shlex.join(cmd), errors, proc.returncode, "")


def _error(path: str, message: dict[str, Any]) -> MypyError:
    """One violation of ruff's JSON at ``path``; an unused import as the log's parser
    reads it (:func:`fixer.diagnose.lintdocs.from_object`, then
    :func:`fixer.diagnose.ruff.finding_of`), so its kind and name are the parser's."""
    start = message.get("location") or {}
    end = message.get("end_location") or {}
    assert isinstance(start, dict) and isinstance(end, dict)
    code = message.get("code")
    seen = from_object(message)
    finding = finding_of(seen) if seen is not None else None
    return MypyError(
        path,
        int(start.get("row") or 0),
        str(code) if code else None,
        str(message.get("message", "")),
        start.get("column"),
        end.get("row"),
        end.get("column"),
        finding.kind if finding else "",
        finding.ident if finding else "",
    )
