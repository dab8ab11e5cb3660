"""A formatter fix end to end, with a cold tool cache and with a warm one.

    python bench/formatter.py [--files N] [--runs R]

Builds a repository of N small modules (four of them unformatted; ``ruff==0.14.2`` pinned
in its dev group), writes its CI log by really running ruff 0.14.2's ``ruff format
--check .`` on it, then runs ``fixer fix --dry-run`` on it through ``bench/phases.py`` (the
phases' timeline on stderr):

- cold: fixer's tool cache and uv's own cache both empty, so ruff 0.14.2 is downloaded and
  installed (``uv venv`` + ``uv pip install``) inside the run;
- warm: the same caches again: nothing is installed, the fix costs the worktree, the
  check before, the formatter on the three files, the check after and git.

Each figure is the best of R runs (cold runs each get fresh, empty caches).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from run import compile_fixer  # noqa: E402

from fixer.forge.tools import Pinned, command, install  # noqa: E402
from tests.support.ghlog import Job, write_run  # noqa: E402

PIN = Pinned("ruff", "0.14.2", "bench")
PYPROJECT = (
    '[project]\nname = "app"\nversion = "0"\n\n[dependency-groups]\ndev = ["ruff==0.14.2"]\n'
)
CLEAN = 'def f{n}(a: int, b: int) -> int:\n    return a * {n} + b\n\n\nVALUE_{n} = {{"n": {n}}}\n'
MESSY = "def f{n}( a:int,b:int )->int:\n  return a*{n}+b\nVALUE_{n} = {{ 'n':{n} }}\n"


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def build(root: Path, files: int) -> tuple[Path, Path, int]:
    repo = root / "repo"
    (repo / "app").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(PYPROJECT)
    (repo / "app" / "__init__.py").write_text("")
    messy = {1 + k * (files // 4) for k in range(4)} & set(range(files))
    for n in range(files):
        text = (MESSY if n in messy else CLEAN).format(n=n)
        (repo / "app" / f"m{n:04d}.py").write_text(text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    ruff = command(install(PIN), "ruff")  # the CI's ruff, to write the log
    done = subprocess.run(
        [*ruff, "format", "--check", "."], cwd=repo, capture_output=True, text=True
    )
    job = Job("lint")
    job.setup()
    job.checkout()
    job.run(
        "Format",
        "ruff format --check .",
        (done.stdout + done.stderr).splitlines(),
        exit_code=done.returncode,
    )
    job.complete()
    logs = root / "logs"
    write_run(logs, [job])
    return repo, logs, len(messy)


def fix(repo: Path, logs: Path, cache: Path, uv_cache: Path) -> tuple[float, list[str]]:
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(cache),
        "UV_CACHE_DIR": str(uv_cache),
        "FIXER_BENCH_T0": str(time.time()),
    }
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "phases.py"),
            "fix",
            str(logs),
            "--repo",
            str(repo),
            "--dry-run",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"fixer fix failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    if "fixed" not in done.stdout:
        raise SystemExit(f"fixer fixed nothing:\n{done.stdout}")
    phases = [line for line in done.stderr.splitlines() if line.startswith("phase ")]
    return took, phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compile_fixer()
    root = Path(tempfile.mkdtemp(prefix="fixer-bench-fmt-"))
    try:
        repo, logs, messy = build(root, args.files)
        cold: list[tuple[float, list[str]]] = []
        for i in range(args.runs):
            cache, uv_cache = root / f"cold-{i}", root / f"cold-uv-{i}"
            cold.append(fix(repo, logs, cache, uv_cache))
        warm_cache, warm_uv = root / "cold-0", root / "cold-uv-0"
        warm = [fix(repo, logs, warm_cache, warm_uv) for _ in range(args.runs)]
        best_cold, best_warm = min(cold), min(warm)
        print(f"files: {args.files}, unformatted: {messy}, ruff {PIN.version}, runs: {args.runs}")
        print(f"cold cache: best {best_cold[0]:.3f} s  ({', '.join(f'{t:.3f}' for t, _ in cold)})")
        print(f"warm cache: best {best_warm[0]:.3f} s  ({', '.join(f'{t:.3f}' for t, _ in warm)})")
        print(f"cold / warm: {best_cold[0] / best_warm[0]:.2f}")
        for name, (_, phases) in (("cold", best_cold), ("warm", best_warm)):
            print(f"\nphases, {name} (start, end, duration; seconds since launch)")
            for line in phases:
                print("  " + re.sub(r"^phase ", "", line))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
