"""Whether the project's tests still collect and find their fixtures: ``pytest --setup-plan``.

``--setup-plan`` collects every test and resolves its fixtures without running anything,
so an import of a removed name and a removed fixture import both show as errors. The
project's own ``addopts`` are dropped (they name plugins such as ``--cov`` that the
checking environment does not have).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.accuracy.tools import tool_env

ERROR = re.compile(r"^ERROR (\S+)")


def setup_plan(root: Path, tests: str, path: list[Path]) -> tuple[set[str], str] | None:
    """The test ids (or files) pytest reports as errors, and its output; None: not run."""
    if not (root / tests).is_dir():
        return None
    env = {**tool_env(), "PYTHONPATH": ":".join(str(p) for p in path)}
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "--setup-plan",
        "-q",
        "-rE",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--continue-on-collection-errors",
        tests,
    ]
    try:
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode not in (0, 1, 2):
        return None
    errors = {m.group(1) for line in proc.stdout.splitlines() if (m := ERROR.match(line))}
    return errors, proc.stdout
