"""The log readers' line patterns take time linear in a line's length, up to the 64 kB cap.

Each pattern below once backtracked quadratically (a lazy group before ``\\s*$``, two
whitespace runs that overlap, a group rescanned from every candidate): a hostile line of
64 kB took seconds. Each is run, in a child process, on lines made by pumping one of its
own lines (a character, a space, a letter or two repeated at several places, with and
without the line's tail, or its start repeated) to 2 kB and to 64 kB. A linear pattern
takes about 32 times as long on the longer line; a quadratic one about 1,000 times. The
guard fails a pattern past both a generous factor (160) and a floor of 0.25 s, or when
the search on the long line is still running when its alarm rings (5 s).
"""

from __future__ import annotations

import importlib
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SMALL, BIG = 2 << 10, 64 << 10
FACTOR, FLOOR, ALARM = 160, 0.25, 5

CASES: tuple[tuple[str, str, str], ...] = (
    ("fixer.diagnose.mypy", "ERROR", 'app/m.py:3: error: Missing "dict"  [type-arg]'),
    ("fixer.diagnose.mypy", "CODE_END", 'Missing type parameters for "dict"  [type-arg]'),
    ("fixer.diagnose.pip", "PIP_NOT_FOUND", "No matching distribution found for x>=1 (from a)"),
    ("fixer.diagnose.pip", "GROUP", "poetry install --with group == 'dev'"),
    ("fixer.diagnose.poetry", "VERSION", "Poetry (version 1.8.5)"),
    ("fixer.diagnose.lintdocs", "COMMAND", "::error ::a.py:1"),
    ("fixer.diagnose.aggregate", "MATRIX_JOB", "test (3.12, ubuntu-latest)"),
    ("fixer.diagnose.ruff", "ARROW", "  --> src/app/m.py:9:5"),
    ("fixer.diagnose.ruff_forms", "CONCISE", "src/m.py:1:8: F401 [*] `os` imported but unused"),
    ("fixer.diagnose.ruff_forms", "PYLINT", "src/m.py:1: [F401] `os` imported but unused"),
    ("fixer.diagnose.ruff_forms", "HEADER", "F401 [*] `os` imported but unused"),
    ("fixer.diagnose.ruff_forms", "ENTRY", "  1:8  F401 [*] `os` imported but unused"),
    ("fixer.kinds.black_format", "WOULD", "would reformat src/app/m.py"),
    ("fixer.kinds.ruff_format", "WOULD", "Would reformat: src/app/m.py"),
    ("fixer.kinds.flake8_rule", "DEFAULT", "src/m.py:1:1: F401 'os' imported but unused"),
    ("fixer.kinds.flake8_rule", "PYLINT", "src/m.py:1: [F401] 'os' imported but unused"),
    ("fixer.kinds.jest_test_failed", "FAIL", "FAIL src/basket.test.js (1.2 s)"),
    ("fixer.kinds.jest_test_failed", "HEADER", "  \u25cf basket \u203a adds the lines"),
    ("fixer.kinds.vitest_test_failed", "HEADER", " FAIL  src/basket.test.js > basket > adds"),
    (
        "fixer.kinds.playwright_test_failed",
        "HEADER",
        "  1) [chromium] \u203a t.spec.js:9:1 \u203a adds \u2500\u2500",
    ),
    (
        "fixer.kinds.playwright_test_failed",
        "ENTRY",
        "    [chromium] \u203a t.spec.js:9:1 \u203a adds the lines",
    ),
    (
        "fixer.kinds.pip_resolution_impossible",
        "CANNOT_INSTALL",
        "Cannot install a and b because these package versions",
    ),
    (
        "fixer.kinds.pip_resolution_impossible",
        "PIP_CAUSE",
        "    requests 2.31.0 depends on urllib3<3",
    ),
    ("fixer.kinds.pre_commit_hook", "STATUS", "trim trailing whitespace.................Failed"),
    ("fixer.kinds.pre_commit_hook", "DIFF", "diff --git a/app/c.py b/app/c.py"),
    ("fixer.kinds.pre_commit_hook", "NAMED", "Fixing app/c.py"),
    ("fixer.redact", "_SHAPES", "GITHUB_TOKEN=abc https://u:p@h Authorization: token x"),
    ("fixer.kinds._tsconfig", "COMMENTS", '{"a": "b\\"c\\\\", /* x */ "d": 1, // y'),
    ("fixer.kinds._tsconfig", "TRAILING_COMMAS", '{"a": "b\\"c", "d": [1, 2, ], }'),
)


def _patterns(module: str, name: str) -> list[re.Pattern[str]]:
    value = getattr(importlib.import_module(module), name)
    return list(value) if isinstance(value, tuple | list) else [value]


def _lines(sample: str, size: int) -> list[str]:
    """``sample`` pumped to ``size`` characters at several places, with and without its tail."""
    out = []
    for i in range(0, len(sample) + 1, max(1, len(sample) // 8)):
        for filler in {" ", "a", ".", "(", sample[i : i + 1], sample[i : i + 2]} - {""}:
            pump = filler * ((size - len(sample)) // len(filler))
            out += [sample[:i] + pump, sample[:i] + pump + sample[i:]]
        if i:  # the start of the line, over and over: every place is a candidate
            out.append(sample[:i] * (size // i))
    return out


class _Alarm(BaseException):
    pass


def _timed(pattern: re.Pattern[str], line: str) -> float:
    signal.setitimer(signal.ITIMER_REAL, ALARM)
    began = time.perf_counter()
    try:
        pattern.search(line)
    except _Alarm:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - began


def measure() -> list[dict[str, object]]:
    """Every pattern whose long lines cost more than the guard allows (run in a child)."""

    def ring(signum: int, frame: object) -> None:
        raise _Alarm

    signal.signal(signal.SIGALRM, ring)
    slow: list[dict[str, object]] = []
    for module, name, sample in CASES:
        for pattern in _patterns(module, name):
            for short, long in zip(_lines(sample, SMALL), _lines(sample, BIG), strict=True):
                small, big = _timed(pattern, short), _timed(pattern, long)
                if big >= ALARM or (big > FLOOR and big > FACTOR * small):
                    slow.append({"pattern": f"{module}.{name}", "line": long[:60], "s": big})
                    break
    return slow


def test_each_line_pattern_is_linear_on_hostile_lines() -> None:
    code = "import json, tests.hostile.test_line_patterns as t; print(json.dumps(t.measure()))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == []


def test_the_guard_catches_a_quadratic_pattern() -> None:
    """The same measure on a pattern of the old shape fails it (a control)."""
    quadratic = re.compile(r"^would reformat (?P<path>.+?)\s*$")
    short, long = ("would reformat " + " " * (n - 20) + "x" for n in (SMALL, BIG))

    def ring(signum: int, frame: object) -> None:
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        small, big = _timed(quadratic, short), _timed(quadratic, long)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert big >= ALARM or (big > FLOOR and big > FACTOR * small), (small, big)
