"""ruff on a file after an unused import was removed: the import is no longer
reported, and nothing is left undefined (F821), which removing a used name would cause."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from fixer.proc import run


def _ruff() -> list[str] | None:
    """fixer's own ruff (a dependency), else one on PATH."""
    try:
        from ruff.__main__ import find_ruff_bin

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        found = shutil.which("ruff")
        return [found] if found else None


def ruff_problem(
    root: Path, path: str, names: Sequence[str]
) -> tuple[str | None, tuple[str, ...] | None]:
    """(why ruff rejects the file or None, the command) — (None, None) without ruff."""
    ruff = _ruff()
    if ruff is None:
        return None, None
    cmd = [
        *ruff,
        "check",
        "--isolated",
        "--no-cache",
        "--select",
        "F401,F821",
        "--output-format",
        "json",
        path,
    ]
    result = run(cmd, root, timeout=120)
    try:
        messages = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return f"ruff did not run: {(result.stderr or '').strip()[:200]}", tuple(cmd)
    for message in messages:
        code, text = message.get("code"), str(message.get("message", ""))
        if code == "F821" or (code == "F401" and any(f"`{n}`" in text for n in names)):
            row = message.get("location", {}).get("row")
            return f"ruff reports {code} {text} (line {row})", tuple(cmd)
    return None, tuple(cmd)
