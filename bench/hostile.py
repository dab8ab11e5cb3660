"""Hostile input at scale: the figures that docs/security.md records.

    python bench/hostile.py --n 10000 [--no-big] [--save DIR] [--limit S] [--progress N]

The N inputs are made by hypothesis (``tests/support/hostile_props.py``: the same
strategies and properties the test suite runs on a few examples) and split across:

* fuzzed job logs (runner markers, tool errors, paths outside the repository or starting
  with ``-``, random bytes, lines past 64 kB, CR and NUL, planted secrets), each read by
  ``fixer diagnose`` as text, JSON and markdown;
* damaged and malicious log archives (lying sizes, bad CRC, flipped or cut bytes,
  encryption, other compressions, names that escape or are not UTF-8);
* log folders whose file names are not UTF-8, start with ``-`` or hold newlines;
* generated Python (hypothesmith) through the type-arg and unused-import codemods;
* end-to-end ``fixer fix`` runs on a real git repository (real mypy) whose logs name files
  outside it, through a symlink, starting with ``-``, with a NUL byte, with CR line
  endings, and carry planted secrets: every file outside the repository's fixer worktree,
  the user's working tree and index included, is compared before and after.

Then, unless ``--no-big``, the inputs too big to keep (a zip member of 256 MiB of short
lines, a 300 MB line, a million causes) are each read by ``fixer diagnose`` in a child
process, whose peak resident memory is measured (``tests/support/hostile.py``).

Each input has a time limit (``--limit``, 10 s; an end-to-end run, which runs real mypy,
has 120 s at least): one that takes longer is interrupted and counted as *slow*. Every
failing input is saved to ``--save DIR`` (default ``bench/out/hostile/<UTC time>/``,
printed at the end) as the file fixer read (``.log``, ``.zip``, a folder, a ``.py`` and
its finding, or an end-to-end run's repository and logs) beside a ``.json`` that says
what went wrong and the command that reads it again. Progress goes to stderr every
``--progress`` inputs.

Printed: inputs, tracebacks or internal errors, writes outside, partial edits, secrets in
the output, slow inputs, other failures (invalid JSON, bad input in more than one line),
where the failing inputs are, and peak memory: of this process (every in-process input)
and of each big input's child.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import hypothesmith  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fixer.codemods.python.type_arg import TypeArg  # noqa: E402
from fixer.codemods.python.unused_import import UnusedImport  # noqa: E402
from tests.support import hostile, hostile_props  # noqa: E402

SHARES = {"logs": 0.4, "archives": 0.2, "folders": 0.1, "sources": 0.3}


def classify(problem: str) -> str:
    if problem.startswith("slow"):
        return "slow"
    if problem.startswith("writes outside"):
        return "writes outside"
    if problem.startswith("traceback"):
        return "tracebacks"
    if problem.startswith("secret"):
        return "secrets"
    if "beyond its edit" in problem or "does not parse" in problem or "partial" in problem:
        return "partial edits"
    if " raised " in problem:
        return "tracebacks"
    return "other"


class Slow(BaseException):
    """An input past its time limit (a BaseException: fixer's handlers let it through)."""


E2E_LIMIT = 120.0  # seconds: an end-to-end run runs real mypy and git on a shared machine


def _interrupt(signum: int, frame: object) -> None:
    raise Slow


@contextlib.contextmanager
def _limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Slow` in the block once ``seconds`` have passed (the regex engine and
    the interpreter both check for signals: a backtracking match is interrupted too)."""
    previous = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


Keep = Callable[[Path], dict[str, object]]  # saves the input under a stem; what it was


class Tally:
    def __init__(self, save: Path, limit: float, progress: int, total: int) -> None:
        self.inputs: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.examples: dict[str, str] = {}
        self.save, self.limit, self.progress, self.total = save, limit, progress, total
        self.saved: list[str] = []
        self.started = time.monotonic()

    def run(self, group: str, call: Callable[[], list[str]], keep: Keep, limit: float = 0) -> None:
        """``call()``'s problems with the input, within the time limit; a failing input is
        saved by ``keep`` before it is gone."""
        limit = limit or self.limit
        began = time.monotonic()
        try:
            with _limit(limit):
                problems = call()
        except Slow:
            took = time.monotonic() - began
            problems = [f"slow: interrupted after {took:.1f} s (limit {limit:g} s)"]
        self.add(group, problems, keep)

    def add(self, group: str, problems: list[str], keep: Keep | None = None) -> None:
        self.inputs[group] += 1
        kinds = sorted({classify(p) for p in problems})
        for kind in kinds:
            self.failures[kind] += 1
            self.examples.setdefault(kind, f"{group}: {problems[0][:300]}")
        if problems and keep is not None:
            self._keep(group, kinds, problems, keep)
        done = sum(self.inputs.values())
        if self.progress and done % self.progress == 0:
            print(
                f"hostile: {done:,}/{self.total:,} inputs ({group}), {len(self.saved)} failing, "
                f"{time.monotonic() - self.started:.0f} s",
                file=sys.stderr,
                flush=True,
            )

    def _keep(self, group: str, kinds: list[str], problems: list[str], keep: Keep) -> None:
        self.save.mkdir(parents=True, exist_ok=True)
        stem = self.save / f"{sum(self.inputs.values()):05d}-{group.replace(' ', '-')}-{kinds[0]}"
        try:
            what = keep(stem)
        except OSError as exc:  # a failing input is reported even when it cannot be kept
            what = {"not saved": str(exc)}
        record = {"group": group, "classes": kinds, "problems": problems, **what}
        stem.with_suffix(".json").write_text(json.dumps(record, indent=2, ensure_ascii=False))
        self.saved.append(stem.name)


def _bytes_keeper(data: bytes, suffix: str, extra: dict[str, object]) -> Keep:
    def keep(stem: Path) -> dict[str, object]:
        path = stem.with_suffix(suffix)
        path.write_bytes(data)
        return {"input": path.name, **extra, "again": f"fixer diagnose {path} --json"}

    return keep


def _tree_keeper(folder: Path, what: str) -> Keep:
    def keep(stem: Path) -> dict[str, object]:
        shutil.copytree(folder, stem, symlinks=True)
        return {"input": stem.name, "again": what.format(path=stem)}

    return keep


def campaign(n: int, strategy: st.SearchStrategy[object], check: Callable[[object], None]) -> None:
    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: object) -> None:
        check(value)

    if n:
        run()


def shares(n: int) -> dict[str, int]:
    counts = {k: int(n * share) for k, share in SHARES.items()}
    counts["logs"] += n - sum(counts.values())
    return counts


def in_process(n: int, tally: Tally, work: Path) -> None:
    counts = shares(n)
    serial = iter(range(10**9))

    def log(value: object) -> None:
        data, planted = value  # type: ignore[misc]
        path = work / f"job-{next(serial)}.log"
        path.write_bytes(data)
        keep = _bytes_keeper(data, ".log", {"planted secrets": planted})
        tally.run("logs", lambda: hostile_props.diagnose_problems(path, planted), keep)
        path.unlink()

    def archive(value: object) -> None:
        path = work / f"logs-{next(serial)}.zip"
        path.write_bytes(value)  # type: ignore[arg-type]
        keep = _bytes_keeper(value, ".zip", {})  # type: ignore[arg-type]
        tally.run("archives", lambda: hostile_props.diagnose_problems(path), keep)
        path.unlink()

    def folder(value: object) -> None:
        path = hostile_props.write_folder(work / f"run-{next(serial)}", value)  # type: ignore[arg-type]
        keep = _tree_keeper(path, "fixer diagnose {path} --json")
        tally.run("folders", lambda: hostile_props.diagnose_problems(path), keep)
        shutil.rmtree(path)

    def source(value: object) -> None:
        text, which = value  # type: ignore[misc]
        if which == "type_arg":
            case, finding = hostile_props.type_arg_case(text)
            codemod: TypeArg | UnusedImport = TypeArg()
        else:
            case, finding = hostile_props.unused_import_case(text)
            codemod = UnusedImport()

        def keep(stem: Path) -> dict[str, object]:
            path = stem.with_suffix(".py")
            path.write_bytes(case.encode("utf-8", "surrogatepass"))
            return {"input": path.name, "codemod": codemod.id, "finding": finding.to_json()}

        tally.run("sources", lambda: hostile_props.codemod_problems(codemod, case, finding), keep)

    campaign(counts["logs"], hostile_props.logs(), log)
    campaign(counts["archives"], hostile_props.archives(), archive)
    campaign(counts["folders"], hostile_props.folders(), folder)
    sources = st.tuples(hypothesmith.from_grammar(), st.sampled_from(["type_arg", "unused_import"]))
    campaign(counts["sources"], sources, source)


# ---- end to end: fixer fix on a real repository ---------------------------------------------

MYPY_CONFIG = '[project]\nname = "app"\nversion = "0"\n\n[tool.mypy]\nstrict = true\n'
CLEAN = 'def build() -> dict:\n    return {"a": 1}\n'


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "M", "GIT_AUTHOR_EMAIL": "m@example.com"}
    env |= {"GIT_COMMITTER_NAME": "M", "GIT_COMMITTER_EMAIL": "m@example.com"}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, check=True)
    return done.stdout.decode()


def _tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` but git's objects and the fix branches' refs, hashed."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not path.is_symlink() and "/.git/" not in f"/{rel}":
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    git = root / "repo" / ".git"
    for name in ("index", "HEAD", "config"):
        if (git / name).exists():
            out[f"repo/.git/{name}"] = hashlib.sha256((git / name).read_bytes()).hexdigest()
    return out


def _log(root: Path, name: str, lines: list[str]) -> Path:
    from tests.support.ghlog import Job, render

    job = Job("types")
    job.setup()
    job.checkout()
    job.run("Type check", "mypy app", lines, exit_code=1)
    job.complete()
    folder = root / name
    for rel, data in render([job]).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def end_to_end(tally: Tally, work: Path) -> None:
    secret = "ghp_" + "E2eSecretT0ken" * 3
    error = 'error: Missing type parameters for generic type "dict"  [type-arg]'
    cases: dict[str, tuple[dict[str, bytes], list[str]]] = {
        "a path outside": ({}, [f"../outside/victim.py:1: {error}"]),
        "an absolute path": ({}, [f"{work}/outside/victim.py:1: {error}"]),
        "a symlink out": ({"app/link.py": b"->"}, [f"app/link.py:1: {error}"]),
        "a path starting with -": ({"-x.py": CLEAN.encode()}, [f"-x.py:1: {error}"]),
        "a NUL byte": ({"app/m.py": CLEAN.replace("1}", "1, '\x00': 2}").encode()}, []),
        "CR line endings": ({"app/m.py": CLEAN.replace("\n", "\r").encode()}, []),
        "secrets in the log": ({}, [f"https://x-access-token:{secret}@github.com", secret]),
    }
    for name, (files, extra) in cases.items():
        root = work / f"e2e-{len(tally.inputs)}-{tally.inputs['end to end']}"
        (root / "outside").mkdir(parents=True)
        (root / "outside" / "victim.py").write_text(CLEAN)
        repo = root / "repo"
        repo.mkdir()
        start = {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": "", "app/m.py": CLEAN}
        for rel, text in start.items():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo / rel).write_text(text)
        for rel, data in files.items():
            if data == b"->":
                (repo / rel).symlink_to(root / "outside" / "victim.py")
            else:
                (repo / rel).write_bytes(data)
        _git(repo, "init", "-q", "-b", "main")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "start")
        logs = _log(root, "logs", [f"app/m.py:1: {error}", *extra])
        before = _tree(root)
        argv = ["fix", str(logs), "--repo", str(repo), "--json", "--branch", "fixer/e2e"]
        began = time.monotonic()
        try:
            with _limit(max(tally.limit, E2E_LIMIT)):
                code, out, err, raised = hostile_props.run_cli(argv)
        except Slow:
            code, out, err, raised = 0, "{}", "", False
            slow = f"slow: interrupted after {time.monotonic() - began:.1f} s"
        else:
            slow = ""
        problems = hostile_props.output_problems(code, out, err, raised, [secret], True)
        problems += [slow] if slow else []
        after = _tree(root)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        changed = [k for k in changed if not k.startswith("logs/")]
        if (
            not slow
            and code in (0, 1)
            and name == "a NUL byte"
            and json.loads(out)["fix"]["commit"]
        ):
            problems.append("partial edit: a fix committed on a file with a NUL byte")
        if not slow and name == "CR line endings" and code in (0, 1):
            try:
                committed = _git(repo, "show", "fixer/e2e:app/m.py")
            except subprocess.CalledProcessError:
                committed = ""  # not fixed: nothing to check
            if committed and ("\n" in committed or not committed.endswith("\r")):
                problems.append("partial edit: CR line endings not kept")
            if committed and "-> dict[" not in committed:
                problems.append("partial edit: CR file committed without its fix")
        if changed:
            problems.append(f"writes outside: {changed[:3]}")
        again = f"fixer fix {{path}}/logs --repo {{path}}/repo --json  # {name}"
        tally.add("end to end", problems, _tree_keeper(root, again))


def big_inputs(work: Path) -> dict[str, float]:
    archive = work / "big.zip"
    hostile.short_lines_zip(archive, 256 << 20)
    runs = {
        "zip member of 256 MiB of short lines": hostile.run_fixer(["diagnose", str(archive)]),
        "one 300 MB line": hostile.run_fixer(["diagnose", "-"], stdin=hostile.one_line(300 << 20)),
        "a million causes (24 MB)": hostile.run_fixer(
            ["diagnose", "--json", "-"], stdin=hostile.many_causes(24 << 20)
        ),
    }
    archive.unlink()
    return {name: round(run.peak_mb, 1) for name, run in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="in-process inputs (default 10000)")
    parser.add_argument("--no-big", action="store_true", help="skip the big inputs")
    parser.add_argument(
        "--save", type=Path, help="folder for the failing inputs (default bench/out/hostile/TIME)"
    )
    parser.add_argument(
        "--limit", type=float, default=10.0, help="seconds an input may take (default 10)"
    )
    parser.add_argument(
        "--progress", type=int, default=250, help="a line on stderr every N inputs (0: none)"
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    save = (args.save or ROOT / "bench" / "out" / "hostile" / stamp).resolve()
    tally = Tally(save, args.limit, args.progress, args.n + 7)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fixer-hostile-") as tmp:
        work = Path(tmp)
        in_process(args.n, tally, work)
        end_to_end(tally, work)
        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        big = {} if args.no_big else big_inputs(work)
    figures = {
        "inputs": sum(tally.inputs.values()),
        "by group": dict(tally.inputs),
        "tracebacks or internal errors": tally.failures["tracebacks"],
        "writes outside the repository": tally.failures["writes outside"],
        "partial edits": tally.failures["partial edits"],
        "secrets in any output": tally.failures["secrets"],
        f"slow inputs (over {args.limit:g} s)": tally.failures["slow"],
        "other failures": tally.failures["other"],
        "examples": tally.examples,
        "failing inputs saved": {"folder": str(save), "inputs": tally.saved}
        if tally.saved
        else "none failed",
        "peak MB, this process (every in-process input)": round(own_peak, 1),
        "peak MB, big inputs (each in its own process)": big,
        "seconds": round(time.monotonic() - started),
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if tally.saved:
        print(f"hostile: {len(tally.saved)} failing inputs saved in {save}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
