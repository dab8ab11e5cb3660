"""Benchmarks: print the figures that docs/benchmarks.md records.

    python bench/run.py diagnose [--size MB]   throughput and peak memory of `fixer diagnose`
                                               against `grep -c error` on the same log
    python bench/run.py help                   `fixer --help` against importing the heavy libraries

Each figure is the best of several runs; ratios are computed within one run of this
script, since timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from genlog import generate  # noqa: E402

FIXER = [sys.executable, "-m", "fixer"]


def best(cmd: Sequence[str], runs: int, ok: Sequence[int] = (0, 1)) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        # a pipe, not /dev/null: GNU grep stops at the first match when output is discarded
        proc = subprocess.run(list(cmd), capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode not in ok:
            raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()}")
    return min(times)


def peak_rss_mb(cmd: Sequence[str]) -> float:
    """Peak resident memory of ``cmd``, measured in a fresh child of a fresh process."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def bench_diagnose(size_mb: float, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "job.log"
        empty = Path(tmp) / "empty.log"
        empty.write_bytes(b"")
        generate(log, int(size_mb * 1_000_000))
        size = log.stat().st_size / 1e6
        best(["grep", "-c", "error", str(log)], 1)  # warm the page cache
        grep = best(["grep", "-c", "error", str(log)], runs)
        grep0 = best(["grep", "-c", "error", str(empty)], runs)
        fixer = best([*FIXER, "diagnose", str(log)], runs)
        fixer0 = best([*FIXER, "diagnose", str(empty)], runs)
        rss = peak_rss_mb([*FIXER, "diagnose", str(log)])
        rss0 = peak_rss_mb([*FIXER, "diagnose", str(empty)])
    grep_speed = size / max(grep - grep0, 1e-6)
    fixer_speed = size / max(fixer - fixer0, 1e-6)
    print(f"log size                      {size:10.1f} MB")
    print(f"grep -c error                 {grep:10.3f} s  ({grep_speed:,.0f} MB/s after start-up)")
    print(
        f"fixer diagnose                {fixer:10.3f} s  ({fixer_speed:,.0f} MB/s after start-up)"
    )
    print(f"start-up (empty log)          grep {grep0:.3f} s, fixer {fixer0:.3f} s")
    print(f"speed ratio fixer/grep        {fixer_speed / grep_speed:10.2f}   (target >= 0.25)")
    print(
        f"fixer peak memory             {rss:10.1f} MB  (empty log: {rss0:.1f} MB; target <= 100)"
    )


def bench_help(runs: int) -> None:
    heavy = [sys.executable, "-c", "import libcst, tomlkit, git, github, mypy.api"]
    empty = [sys.executable, "-c", "pass"]
    fixer_help = best([*FIXER, "--help"], runs)
    imports = best(heavy, runs)
    python = best(empty, runs)
    print(f"python -c pass                {python:10.3f} s")
    print(f"fixer --help                  {fixer_help:10.3f} s")
    print(f"import libcst, tomlkit, git,  {imports:10.3f} s")
    print("  github, mypy.api")
    print(f"ratio help/imports            {fixer_help / imports:10.2f}   (target <= 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("what", choices=("diagnose", "help", "all"), nargs="?", default="all")
    parser.add_argument("--size", type=float, default=100, help="log size in MB (diagnose)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not shutil.which("grep"):
        raise SystemExit("grep is needed for the comparison")
    os.environ.setdefault("NO_COLOR", "1")
    print(
        f"# {' '.join([Path(sys.executable).name, *sys.argv])}  (python {sys.version.split()[0]},"
        f" {os.cpu_count()} CPUs)"
    )
    if args.what in ("diagnose", "all"):
        bench_diagnose(args.size, args.runs)
    if args.what in ("help", "all"):
        bench_help(args.runs)


if __name__ == "__main__":
    main()
