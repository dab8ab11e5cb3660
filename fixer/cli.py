"""Command-line interface: parse arguments, call the app, return an exit code.

Kept light on imports so ``fixer --help`` starts fast; each command imports what it
needs when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from fixer import __version__
from fixer.errors import EXIT_BAD_INPUT, EXIT_FOUND, EXIT_INTERNAL, EXIT_OK, FatalError

EPILOG = """exit codes:
  0  no failure found / every fixable finding fixed and verified
  1  failures found / something was left unfixed
  2  bad input (one line on stderr says what)
  3  internal error (a bug: please report it)

examples:
  fixer diagnose run-logs.zip --repo .
  fixer diagnose logs/ --json
  fixer diagnose job.log --format markdown > analysis.md
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
    diag.add_argument("sources", nargs="+", metavar="SOURCE", help="log file, folder, .zip or -")
    add_output_options(diag)
    diag.add_argument(
        "--repo", metavar="DIR", help="the repository, to map printed paths to its files"
    )
    return parser


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
    from pathlib import Path

    from fixer import report
    from fixer.app import diagnose_logs
    from fixer.progress import Progress

    repo = Path(args.repo) if args.repo else None
    diagnosis = diagnose_logs(args.sources, repo, Progress())
    fmt = output_format(args)
    if fmt == "json":
        text = report.to_json(diagnosis, args.sources) + "\n"
    elif fmt == "markdown":
        text = report.to_markdown(diagnosis, args.sources)
    else:
        text = report.to_text(diagnosis, report.COLOR if use_color(args) else report.PLAIN)
    sys.stdout.write(text)
    return EXIT_FOUND if diagnosis.failed else EXIT_OK


COMMANDS = {"diagnose": cmd_diagnose}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return COMMANDS[args.command](args)
    except FatalError as exc:
        print(f"fixer: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fixer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an unexpected failure: one line, the traceback on request
        if os.environ.get("FIXER_DEBUG"):
            raise
        print(
            f"fixer: internal error: {type(exc).__name__}: {exc} (set FIXER_DEBUG=1 for the "
            "traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
