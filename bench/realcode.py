"""fixer on real code: fixed / refused / wrong / missed on a pinned corpus of sdists.

    python bench/realcode.py [--only NAME ...] [--fixer PATH] [--cache DIR] [--json]
                             [--json-file FILE] [--keep]

Each project of bench/accuracy/corpus.py is downloaded once from the package index into
the cache (default ~/.cache/fixer-realcode), checked by sha256, and run through
bench/accuracy/harness.py; docs/accuracy.md records the results. ``--fixer`` points at
another installation's ``fixer`` (default: the one of this checkout's interpreter).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.accuracy import report  # noqa: E402
from bench.accuracy.corpus import CORPUS, by_name  # noqa: E402
from bench.accuracy.harness import Result, run_project  # noqa: E402


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", action="append", metavar="NAME", help="run only this project")
    p.add_argument("--fixer", help="the fixer executable to test (default: this checkout's)")
    p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "fixer-realcode")
    p.add_argument("--json", action="store_true", help="print the raw results as JSON")
    p.add_argument("--json-file", type=Path, help="also write the raw results there")
    p.add_argument("--keep", action="store_true", help="keep the temporary repositories")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    projects = [by_name(n) for n in args.only] if args.only else list(CORPUS)
    fixer = [args.fixer] if args.fixer else [sys.executable, "-m", "fixer"]
    results: list[Result] = []
    work_root = Path(tempfile.mkdtemp(prefix="fixer-realcode-"))
    start = time.monotonic()
    for i, project in enumerate(projects, 1):
        label = f"[{i}/{len(projects)}] {project.name} {project.version}"

        def say(msg: str, label: str = label) -> None:
            print(f"{label}: {msg} ({time.monotonic() - start:.0f} s)", file=sys.stderr, flush=True)

        result = run_project(project, fixer, args.cache, work_root / project.name, say)
        say(" ".join(f"{s} {result.count(s)}" for s in report.STATUSES))
        results.append(result)
    command = shlex.join(["python", "bench/realcode.py", *(sys.argv[1:] if argv is None else argv)])
    raw = json.dumps(report.to_json(results, command), indent=2)
    if args.json_file:
        args.json_file.write_text(raw + "\n")
    if args.json:
        print(raw)
    else:
        print(report.text(results))
    if args.keep:
        print(f"repositories kept in {work_root}", file=sys.stderr)
    else:
        import shutil

        shutil.rmtree(work_root, ignore_errors=True)
    return 1 if any(r.count("wrong") or r.crash for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
