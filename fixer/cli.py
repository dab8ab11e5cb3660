"""Command-line interface: parse arguments, call the app, return an exit code.

Kept light on imports so ``fixer --help`` starts fast; each command imports what it
needs when it runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from fixer import __version__
from fixer.errors import EXIT_BAD_INPUT, EXIT_FOUND, EXIT_INTERNAL, EXIT_OK, FatalError
from fixer.pr.command import add_pr_parser, cmd_pr

EPILOG = """exit codes:
  0  no failure found / every fixable finding fixed and verified
  1  failures found / something was left unfixed
  2  bad input (one line on stderr says what)
  3  internal error (a bug: please report it)

examples:
  fixer diagnose run-logs.zip --repo .
  fixer diagnose --run https://github.com/OWNER/REPO/actions/runs/ID
  fixer diagnose logs/ --json
  fixer diagnose job.log --format markdown > analysis.md
"""


FIX_EPILOG = """exit codes:
  0  every fixable finding was fixed and verified (or the code already had the fix);
     with --allow-unverified, fixes whose check could not run count as fixed
  1  something fixable was left unfixed (skipped, unverified, or failed and rolled back),
     or the run failed for causes fixer cannot fix (the report lists the next steps)
  2  bad input (one line on stderr says what)
  3  internal error (a bug: please report it)

examples:
  fixer fix logs_123.zip --repo . --dry-run
  fixer fix --run https://github.com/OWNER/REPO/actions/runs/ID --dry-run
  fixer fix logs_123.zip --repo . --branch fixer/ci --python .venv/bin/python
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fixer",
        description="Diagnose failing GitHub Actions runs and repair them with verified, "
        "minimal fixes.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fixer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    diag = commands.add_parser(
        "diagnose",
        help="read a run's logs and list its root causes",
        description="Read a failing run's logs (a log file, '-' for stdin, an unpacked "
        "log archive folder, or the run's log .zip) and list the root causes.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_sources(diag)
    add_output_options(diag)
    diag.add_argument(
        "--repo",
        metavar="DIR",
        help="the repository, to map printed paths to its files (with --run: default . when "
        "it is a clone of the run's repository)",
    )
    fix = commands.add_parser(
        "fix",
        help="fix what the logs show, verify with the real tools, commit on a branch",
        description="Diagnose the logs, apply the fixes in a separate worktree of the "
        "repository (never in your working tree), verify them with the real tools (mypy, "
        "poetry-core, the package index, ESLint) and commit them on a new branch. A fix "
        "that cannot be verified is rolled back.",
        epilog=FIX_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_sources(fix)
    fix.add_argument(
        "--repo",
        metavar="DIR",
        help="the repository (default: .; with --run, . must be a clone of the run's repository)",
    )
    add_fix_options(fix)
    add_output_options(fix)
    demo = commands.add_parser(
        "demo",
        help="run the whole flow on a bundled broken repository",
        description="Copy a bundled broken repository to a temporary git repository and "
        "run diagnose, fix and verify on it with the logs its CI produced. With --json, "
        'one JSON document: {"scenarios": [{scenario, title, repository, not_run, '
        "report}]}, each report as `fixer fix --json` prints it.",
    )
    demo.add_argument("--scenario", default="all", help="which bundled scenario (default: all)")
    demo.add_argument(
        "--keep",
        metavar="DIR",
        help="leave the demo repositories in DIR (a new or empty folder) to inspect: the "
        "broken code on main, the fix on its fixer/ branch",
    )
    add_output_options(demo)
    add_pr_parser(commands)
    return parser


def add_sources(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="log file, folder, .zip or -")
    parser.add_argument(
        "--run",
        metavar="URL",
        help="instead of SOURCE: a run's address (https://github.com/OWNER/REPO/actions/runs/"
        "ID); its logs are downloaded with $GITHUB_TOKEN or `gh auth token`",
    )
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help="with --run: GitHub's API (default: $GITHUB_API_URL, then the run's host's)",
    )


def run_logs(args: argparse.Namespace, tmp: str) -> tuple[list[str], list[str], object]:
    """(the sources to read, the names to show for them, the run or None): SOURCE..., or
    the log archive of ``--run``, downloaded into ``tmp``."""
    if args.run and args.sources:
        raise FatalError("give SOURCE... or --run URL, not both")
    if not args.run:
        if not args.sources:
            raise FatalError("no logs: give SOURCE... (a log file, folder, .zip or -) or --run URL")
        return list(args.sources), list(args.sources), None
    from pathlib import Path

    from fixer.pr.runs import download_run, parse_run

    ref = parse_run(args.run)
    path = download_run(ref, Path(tmp), args.api_url)
    return [str(path)], [ref.url], ref


def run_repo(args: argparse.Namespace, ref: object, required: bool) -> str | None:
    """``--repo``; else, with ``--run``, the current directory when it is a clone of the
    run's repository (``fix`` refuses any other); else ``.`` for ``fix``."""
    if args.repo:
        return str(args.repo)
    if ref is None:
        return "." if required else None
    from pathlib import Path

    from fixer.pr.runs import RunRef, clone_of

    assert isinstance(ref, RunRef)
    clone = clone_of(ref, Path.cwd())
    if clone is None and required:
        raise FatalError(
            f"the current directory is not a clone of {ref.repo}: run fixer in one, or pass "
            "--repo DIR"
        )
    return str(clone) if clone else None


def add_fix_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="print the diff and the report; commit nothing"
    )
    parser.add_argument("--branch", help="branch to commit on (default: fixer/<short-sha>)")
    parser.add_argument(
        "--author",
        default="fixer[bot] <fixer[bot]@users.noreply.github.com>",
        help='commit author, "Name <email>"',
    )
    parser.add_argument(
        "--python", metavar="PATH", help="the project's interpreter, for mypy to resolve imports"
    )
    parser.add_argument(
        "--index-url",
        metavar="URL",
        help="package index (PEP 503/691) to confirm missing requirements against "
        "(default: $FIXER_INDEX_URL, $PIP_INDEX_URL, then PyPI)",
    )
    parser.add_argument(
        "--allow-unverified",
        action="store_true",
        help="also commit fixes that a check of the failing tool could not verify because "
        "the tool could not run (reported as unverified; by default they are not committed)",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON (see README for the schema)")
    fmt.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="output format"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (default: when stdout is a terminal)",
    )


def output_format(args: argparse.Namespace) -> str:
    return "json" if args.json else str(args.format)


def use_color(args: argparse.Namespace) -> bool:
    if args.color == "auto":
        return sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return bool(args.color == "always")


def cmd_diagnose(args: argparse.Namespace) -> int:
    import tempfile
    from pathlib import Path

    from fixer.app import diagnose_logs
    from fixer.progress import Progress
    from fixer.report.terminal import diagnosis_text

    with tempfile.TemporaryDirectory(prefix="fixer-run-") as tmp:
        sources, shown, ref = run_logs(args, tmp)
        where = run_repo(args, ref, required=False)
        diagnosis = diagnose_logs(sources, Path(where) if where else None, Progress())
    sys.stdout.write(diagnosis_text(diagnosis, output_format(args), shown, use_color(args)))
    return EXIT_FOUND if diagnosis.failed else EXIT_OK


def _author(text: str) -> tuple[str, str]:
    import re

    match = re.fullmatch(r"\s*(.+?)\s*<([^<>]+)>\s*", text)
    if not match:
        raise FatalError(f'--author must look like "Name <email>", not {text!r}')
    return match.group(1), match.group(2)


def cmd_fix(args: argparse.Namespace) -> int:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fixer-run-") as tmp:
        sources, shown, ref = run_logs(args, tmp)
        return fix_from(args, sources, shown, run_repo(args, ref, required=True) or ".")


def fix_from(args: argparse.Namespace, sources: list[str], shown: list[str], repo: str) -> int:
    from fixer.verify.mypy_process import WarmMypy

    # first of all: mypy's interpreter loads while fixer's own modules load (fix_logs
    # stops it whatever happens)
    warm = WarmMypy()
    try:
        from pathlib import Path

        from fixer.app import FixOptions, fix_logs
        from fixer.progress import Progress

        options = FixOptions(
            repo=Path(repo),
            dry_run=args.dry_run,
            branch=args.branch,
            author=_author(args.author),
            python=args.python,
            index_url=args.index_url,
            allow_unverified=args.allow_unverified,
        )
    except BaseException:
        warm.stop()
        raise
    result = fix_logs(sources, options, Progress(), warm)
    return print_fix(result, args, shown)


def print_fix(result: object, args: argparse.Namespace, sources: Sequence[str]) -> int:
    from fixer.model import FixResult
    from fixer.report.terminal import fix_text

    assert isinstance(result, FixResult)
    sys.stdout.write(fix_text(result, output_format(args), sources, use_color(args)))
    return EXIT_OK if result.complete and not result.nothing_fixable else EXIT_FOUND


def cmd_demo(args: argparse.Namespace) -> int:
    from fixer.demo import run_demo

    return run_demo(args, print_fix)


def internal_error(exc: Exception, argv: Sequence[str]) -> int:
    """Say what went wrong on one line and where the log with the details is."""
    from fixer.crash import write_log
    from fixer.forge.tools import cache_root

    print(f"fixer: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    try:
        path = write_log(exc, argv, cache_root())
    except OSError as why:  # no cache folder to write to: the traceback goes to stderr
        import traceback

        print(f"fixer: could not write the log ({why}); the traceback:", file=sys.stderr)
        traceback.print_exception(exc, file=sys.stderr)
    else:
        print(
            f"fixer: the versions, command line and traceback are in {path} (attach it to a "
            "bug report; FIXER_DEBUG=1 raises instead)",
            file=sys.stderr,
        )
    return EXIT_INTERNAL


COMMANDS = {"diagnose": cmd_diagnose, "fix": cmd_fix, "demo": cmd_demo, "pr": cmd_pr}


def one_line(text: str) -> str:
    """``text`` with its control characters escaped: a bad-input error is one line, even
    when it quotes a file name that holds a newline."""
    return "".join(c if c.isprintable() or c == "\t" else repr(c)[1:-1] for c in text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (``argv``, else the program's arguments); the exit code.

    Run as the program, fixer first takes its credentials out of its own environment
    (:func:`fixer.vault.isolate`: a re-execution without them, handed over by a pipe)."""
    if argv is None:
        from fixer.vault import isolate

        isolate()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    from fixer.redact import MaskedStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = MaskedStream(out), MaskedStream(err)
    try:
        return COMMANDS[args.command](args)
    except FatalError as exc:
        print(f"fixer: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fixer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an unexpected failure: one line, the details in a log
        if os.environ.get("FIXER_DEBUG"):
            raise
        return internal_error(exc, sys.argv[1:] if argv is None else argv)
    finally:
        sys.stdout.flush()
        sys.stdout, sys.stderr = out, err
        if argv is None:  # run as the program, which exits now: spare the interpreter's
            gc.freeze()  # exit a garbage collection over every object left (~50 ms after a fix)


if __name__ == "__main__":
    sys.exit(main())
