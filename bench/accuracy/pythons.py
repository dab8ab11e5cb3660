"""Importing changed modules under every installed Python the project supports.

Each Python gets the project's few dependencies in a cached ``pip install --target``
folder; the package's own sources come first on ``sys.path``. One child process per
Python imports every module asked for and prints, per module, the last line of the error
(with the line of the failing module's frame) or nothing.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path

from bench.accuracy.corpus import Project
from bench.accuracy.tools import tool_env

PYENV = Path("/root/.pyenv/versions")
VERSIONS = ("3.7.16", "3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0")

PROBE = r"""
import importlib, json, sys, traceback
sys.path[:0] = json.loads(sys.argv[1])
out = {}
for name in sys.argv[2:]:
    try:
        importlib.import_module(name)
        out[name] = None
    except BaseException as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if not f.filename.startswith("<") and "importlib" not in f.filename]
        where = ["%s:%s" % (f.filename, f.lineno) for f in frames[-4:]]
        out[name] = {"error": "%s: %s" % (type(exc).__name__, exc), "where": where}
    top = name.split(".")[0]
    for mod in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
        del sys.modules[mod]
print(json.dumps(out))
"""


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".")[:2])


def supported(project: Project, pyenv: Path = PYENV) -> list[Path]:
    """The installed interpreters at or above the project's floor."""
    return [
        pyenv / v / "bin" / "python"
        for v in VERSIONS
        if _key(v) >= _key(project.floor) and (pyenv / v / "bin" / "python").exists()
    ]


def deps_dir(project: Project, python: Path, cache: Path, *, tests: bool = False) -> Path | None:
    """A folder holding the project's dependencies for ``python`` (installed once)."""
    wanted = [*project.deps, *(project.test_deps if tests else ())]
    if not wanted:
        return None
    version = python.parent.parent.name + ("-tests" if tests else "")
    target = cache / "deps" / f"{project.name}-{project.version}" / version
    if not (target / ".done").exists():
        pip = [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(target),
        ]
        if project.deps:
            subprocess.run([*pip, *project.deps], check=True, capture_output=True, timeout=600)
        if tests and project.test_deps:
            subprocess.run(
                [*pip, "--no-deps", "--upgrade", *project.test_deps],
                check=True,
                capture_output=True,
                timeout=600,
            )
        (target / ".done").write_text("")
    return target


def import_all(
    python: Path, modules: Sequence[str], source_root: Path, deps: Path | None
) -> dict[str, dict[str, object] | None]:
    """Each module's import error under ``python`` (None: it imported)."""
    if not modules:
        return {}
    path = [str(source_root)] + ([str(deps)] if deps else [])
    proc = subprocess.run(
        [str(python), "-I", "-c", PROBE, json.dumps(path), *modules],
        cwd=source_root,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        err = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        return {m: {"error": f"the probe failed: {err[0]}", "where": []} for m in modules}
    result: dict[str, dict[str, object] | None] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def module_name(path: str, source_root: str) -> str | None:
    """The dotted module of a project file, or None when it is not under the source root."""
    p = Path(path)
    root = Path(source_root)
    if p.suffix != ".py":
        return None
    try:
        rel = p.relative_to(root) if source_root != "." else p
    except ValueError:
        return None
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)
