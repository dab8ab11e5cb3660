"""Benchmarks: print the figures that docs/benchmarks.md records.

    python bench/run.py diagnose [--size MB]   throughput and peak memory of `fixer diagnose`
            [--log real-format|generated|both] against `grep -c error` on the same log: the
                                               real archive's jobs repeated
                                               (../shared/bench/real_format_log.py) and
                                               bench/genlog.py's generated job
    python bench/run.py help                   `fixer --help` against importing the heavy libraries
    python bench/run.py fix [--entities N]     `fixer fix` end to end against one cold
            [--shape generated|real|both]      `mypy <package>`, on a generated backend
                                               (bench/fixture_repo.py) and on the smallest
                                               one inside a real-shaped tree of about 1,500
                                               files (bench/real_tree.py)

Each figure is the best of several runs; ratios are computed within one run of this
script, since timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fixture_repo import ENTITIES, PACKAGE, WORKDIR, Fixture, write_logs, write_repo  # noqa: E402
from genlog import generate  # noqa: E402
from real_tree import write_real_repo  # noqa: E402

FIXER = [sys.executable, "-m", "fixer"]


@dataclass(frozen=True)
class Timing:
    wall: float  # best wall-clock time
    cpu: float  # best user + system CPU time of the child


def timed(cmd: Sequence[str], runs: int, ok: Sequence[int] = (0, 1)) -> Timing:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # a pipe, not /dev/null: GNU grep stops at the first match when output is discarded
        proc = subprocess.run(list(cmd), capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if proc.returncode not in ok:
            raise SystemExit(f"{cmd} failed ({proc.returncode}): {proc.stderr.decode()}")
    return Timing(min(walls), min(cpus))


def best(cmd: Sequence[str], runs: int, ok: Sequence[int] = (0, 1)) -> float:
    return timed(cmd, runs, ok).wall


def peak_rss_mb(cmd: Sequence[str]) -> float:
    """Peak resident memory of ``cmd``, measured in a fresh child of a fresh process."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


# The real archive's jobs repeated to the size asked for (shared with the figures;
# not part of the repository: the benchmark says so and goes on when it is missing)
REAL_FORMAT = HERE.parent.parent / "shared" / "bench" / "real_format_log.py"


def real_format_log(path: Path, size: int) -> bool:
    if not REAL_FORMAT.is_file():
        print(f"real-format log: {REAL_FORMAT} is missing; skipped")
        return False
    mb = max(1, round(size / 1_000_000))
    cmd = [sys.executable, str(REAL_FORMAT), str(path), "--mb", str(mb)]
    subprocess.run(cmd, check=True, capture_output=True)
    return True


def bench_diagnose(size_mb: float, runs: int, which: str) -> None:
    """``fixer diagnose`` against ``grep -c error`` on each log: its speed after start-up
    (an empty log's time subtracted from both), wall clock and CPU time."""
    makers: dict[str, Callable[[Path, int], object]] = {
        "real-format": real_format_log,
        "generated": generate,
    }
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.log"
        empty.write_bytes(b"")
        grep0 = timed(["grep", "-c", "error", str(empty)], runs)
        fixer0 = timed([*FIXER, "diagnose", str(empty)], runs, ok=(2,))  # "empty log"
        rss0 = peak_rss_mb([*FIXER, "diagnose", str(empty)])
        print(
            f"start-up (empty log)          grep {grep0.wall:.3f} s, fixer {fixer0.wall:.3f} s"
            f" (CPU {grep0.cpu:.3f} s, {fixer0.cpu:.3f} s)"
        )
        print(f"fixer peak memory, empty log  {rss0:10.1f} MB")
        for name, make in makers.items():
            if which not in (name, "both"):
                continue
            log = Path(tmp) / f"{name}.log"
            if make(log, int(size_mb * 1_000_000)) is False:
                continue
            _compare(name, log, runs, grep0, fixer0)
            log.unlink()


def _compare(name: str, log: Path, runs: int, grep0: Timing, fixer0: Timing) -> None:
    size = log.stat().st_size / 1e6
    grep_cmd = ["grep", "-c", "error", str(log)]
    fixer_cmd = [*FIXER, "diagnose", str(log)]
    timed(grep_cmd, 1)  # warm the page cache
    grep, fixer = Timing(1e9, 1e9), Timing(1e9, 1e9)
    for _ in range(runs):  # alternating, so that both meet the same load
        g, f = timed(grep_cmd, 1), timed(fixer_cmd, 1)
        grep = Timing(min(grep.wall, g.wall), min(grep.cpu, g.cpu))
        fixer = Timing(min(fixer.wall, f.wall), min(fixer.cpu, f.cpu))
    rss = peak_rss_mb(fixer_cmd)

    def speed(t: Timing, t0: Timing, attr: str) -> float:
        return size / max(getattr(t, attr) - getattr(t0, attr), 1e-6)

    print(f"## {name} log, {size:.1f} MB (best of {runs}, alternating)")
    for attr, label in (("wall", "wall clock"), ("cpu", "CPU time")):
        g, f = speed(grep, grep0, attr), speed(fixer, fixer0, attr)
        print(
            f"  {label:10}  grep -c error {getattr(grep, attr):7.3f} s ({g:,.0f} MB/s),"
            f" fixer diagnose {getattr(fixer, attr):7.3f} s ({f:,.0f} MB/s),"
            f" ratio {f / g:.2f}   (target >= 0.25)"
        )
    print(f"  fixer peak memory {rss:.1f} MB  (target <= 100)")


def bench_help(runs: int) -> None:
    compile_fixer()
    heavy = [sys.executable, "-c", "import libcst, tomlkit, git, github, mypy.api"]
    empty = [sys.executable, "-c", "pass"]
    fixer_help = best([*FIXER, "--help"], runs)
    imports = best(heavy, runs)
    python = best(empty, runs)
    print(f"python -c pass                {python:10.3f} s")
    print(f"fixer --help                  {fixer_help:10.3f} s")
    print(f"import libcst, tomlkit, git,  {imports:10.3f} s")
    print("  github, mypy.api")
    print(f"ratio help/imports            {fixer_help / imports:10.2f}   (target <= 0.1)")


GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
GIT += ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgSign=false"]


def git_repo(path: Path) -> None:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Broken CI"]):
        subprocess.run([*GIT, *args], cwd=path, check=True, capture_output=True)


def children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_mypy(repo: Path, scratch: Path) -> tuple[float, int]:
    """One plain ``python -m mypy <package>`` from the workflow's working directory, with a
    cache in a fresh folder (so nothing is reused, neither the repository's .mypy_cache)."""
    cache = Path(tempfile.mkdtemp(prefix="mypy-cache-", dir=scratch))
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", PACKAGE, "--cache-dir", str(cache)],
        cwd=repo / WORKDIR,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    shutil.rmtree(cache)
    if proc.returncode != 1 or "[type-arg]" not in proc.stdout:
        raise SystemExit(f"mypy did not report the fixture's errors: {proc.stdout}{proc.stderr}")
    return elapsed, proc.stdout.count("[type-arg]")


def fixer_fix(template: Path, logs: Path, scratch: Path, n: int) -> tuple[float, str]:
    """``fixer fix LOGS --repo COPY`` on a fresh copy of the repository (no cache of any
    earlier run); returns the time and what it did, after checking that every finding was
    fixed and verified and the branch exists."""
    repo = scratch / f"repo-{n}"
    shutil.copytree(template, repo, symlinks=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [*FIXER, "fix", str(logs), "--repo", str(repo), "--json"], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    try:
        if proc.returncode != 0:
            raise SystemExit(f"fixer fix exited with {proc.returncode}: {proc.stderr}")
        doc = json.loads(proc.stdout)
        outcomes = doc["outcomes"]
        fixed = [o for o in outcomes if o["status"] == "fixed"]
        checks = [v for o in outcomes for v in o["verifications"]]
        branch = doc["fix"]["branch"]
        if len(fixed) != len(outcomes) or not all(v["ok"] for v in checks):
            raise SystemExit(f"fixer left findings unfixed: {proc.stdout}")
        tip = subprocess.run(
            ["git", "rev-parse", "--verify", "-q", f"refs/heads/{branch}"],
            cwd=repo,
            capture_output=True,
            text=True,
        )
        if tip.returncode != 0 or tip.stdout.strip() != doc["fix"]["commit"]:
            raise SystemExit(f"fixer's branch {branch} is not there: {proc.stdout}")
    finally:
        shutil.rmtree(repo)
    findings = sum(len(o["findings"]) for o in fixed)
    mypy_checks = sum(1 for v in checks if v["tool"] == "mypy")
    return elapsed, f"{findings} findings fixed, {mypy_checks} mypy checks passed, {branch}"


def phases(template: Path, logs: Path, scratch: Path) -> list[str]:
    """One more run, through bench/phases.py, for the timeline of fixer's phases."""
    repo = scratch / "repo-phases"
    shutil.copytree(template, repo, symlinks=True)
    cmd = [sys.executable, str(HERE / "phases.py"), "fix", str(logs), "--repo", str(repo)]
    t0 = time.time()
    env = {**os.environ, "FIXER_BENCH_T0": repr(t0)}
    proc = subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env)
    ended = time.time() - t0
    shutil.rmtree(repo)
    lines = [ln[6:] for ln in proc.stderr.splitlines() if ln.startswith("phase ")]
    if lines:
        last = max(float(ln.split()[1]) for ln in lines)
        lines.append(f"{last:7.3f} {ended:7.3f} {ended - last:7.3f}  interpreter exit")
    return lines


@dataclass(frozen=True)
class Shape:
    """One repository ``bench_fix`` measures on."""

    name: str
    write: Callable[[Path], tuple[Fixture, str]]  # the repository at the path; what it is


def generated(seed: int, entities: int) -> Shape:
    def write(dest: Path) -> tuple[Fixture, str]:
        fixture = write_repo(dest, seed, entities)
        return fixture, f"{fixture.modules} modules, {fixture.lines:,} lines"

    return Shape(f"generated backend ({entities} entities)", write)


def real_shaped(seed: int) -> Shape:
    def write(dest: Path) -> tuple[Fixture, str]:
        fixture, tree = write_real_repo(dest, seed)
        tracked = sum(1 for p in dest.rglob("*") if p.is_file())
        return fixture, (
            f"{fixture.modules} modules, {fixture.lines:,} lines, in a tree of {tracked:,}"
            f" files ({tree.size / 1e6:.1f} MB of frontend, docs, data around the backend)"
        )

    return Shape("real-shaped tree", write)


def compile_fixer() -> None:
    """Write the bytecode of the fixer that ``python -m fixer`` runs here, as installing it
    does (pip compiles on install): from a source checkout under
    ``PYTHONDONTWRITEBYTECODE``, every run would compile each of its modules again."""
    where = subprocess.run(
        [sys.executable, "-c", "import fixer; print(fixer.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(where).parent)],
        check=True,
        capture_output=True,
    )


def bench_fix(runs: int, shape: Shape) -> None:
    compile_fixer()
    with tempfile.TemporaryDirectory(prefix="fixer-bench-fix-") as tmp:
        scratch = Path(tmp)
        fixture, what = shape.write(scratch / "template")
        output = write_logs(fixture.repo, scratch / "logs")
        git_repo(fixture.repo)
        errors = sum("[type-arg]" in line for line in output.lines)
        files = len({line.split(":")[0] for line in output.lines if "[type-arg]" in line})
        mypy_times: list[float] = []
        fixer_times: list[float] = []
        mypy_cpu: list[float] = []
        fixer_cpu: list[float] = []
        did = ""
        for n in range(runs):
            # alternate the order, so neither always runs on a warmer machine
            for which in ("mypy", "fixer") if n % 2 == 0 else ("fixer", "mypy"):
                cpu = children_cpu()
                if which == "mypy":
                    elapsed, found = cold_mypy(fixture.repo, scratch)
                    if found != errors:
                        raise SystemExit(f"mypy reported {found} errors, the log {errors}")
                    mypy_times.append(elapsed)
                    mypy_cpu.append(children_cpu() - cpu)
                else:
                    elapsed, did = fixer_fix(fixture.repo, scratch / "logs", scratch, n)
                    fixer_times.append(elapsed)
                    fixer_cpu.append(children_cpu() - cpu)  # with its git and mypy runs
        timeline = phases(fixture.repo, scratch / "logs", scratch)
    mypy, fixer = min(mypy_times), min(fixer_times)
    rounds = sorted(f / m for f, m in zip(fixer_times, mypy_times, strict=True))
    print(f"## {shape.name}: {what}; {errors} [type-arg] errors in {files} files")
    print(f"mypy {PACKAGE} (cold)         {mypy:10.3f} s  (runs: {_runs(mypy_times)})")
    print(f"fixer fix (end to end)        {fixer:10.3f} s  (runs: {_runs(fixer_times)})")
    print(f"  {did}")
    print(f"ratio fixer/mypy              {fixer / mypy:10.2f}   (target <= 1.25)")
    print(f"  median of the rounds' ratios {rounds[len(rounds) // 2]:9.2f}   ({_runs(rounds)})")
    print(
        f"CPU time, best: mypy {min(mypy_cpu):.2f} s, fixer {min(fixer_cpu):.2f} s"
        f" (with its git and mypy processes), ratio {min(fixer_cpu) / min(mypy_cpu):.2f}"
    )
    if timeline:
        mypys = [float(ln.split()[2]) for ln in timeline if "mypy process" in ln]
        shown = ", ".join(f"{t:.2f} s" for t in mypys)
        print(f"mypy runs inside fixer        {len(mypys):10d}   ({shown})")
        print("  (expected: 2, a cold baseline, then one incremental run after the change)")
        print("fixer's phases (one more run; seconds since launch: start, end, duration)")
        for line in timeline:
            print(f"  {line}")


def _runs(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "what", choices=("diagnose", "help", "fix", "all"), nargs="?", default="all"
    )
    parser.add_argument("--size", type=float, default=100, help="log size in MB (diagnose)")
    parser.add_argument(
        "--log",
        choices=("real-format", "generated", "both"),
        default="both",
        help="diagnose: the real archive's jobs repeated, bench/genlog.py's log, or both",
    )
    parser.add_argument(
        "--entities",
        type=int,
        default=len(ENTITIES),
        help=f"size of the generated backend, 5 modules per entity (fix; default {len(ENTITIES)})",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated backend (fix)")
    parser.add_argument(
        "--shape",
        choices=("generated", "real", "both"),
        default="both",
        help="fix: the generated backend alone, the real-shaped tree (bench/real_tree.py), or both",
    )
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
        bench_diagnose(args.size, args.runs, args.log)
    if args.what in ("help", "all"):
        bench_help(args.runs)
    if args.what in ("fix", "all"):
        if args.shape in ("generated", "both"):
            bench_fix(args.runs, generated(args.seed, args.entities))
        if args.shape in ("real", "both"):
            bench_fix(args.runs, real_shaped(args.seed))


if __name__ == "__main__":
    main()
