"""``fixer pr``: its arguments, the token, and the run (the flow lives in :mod:`.flow`).

Kept light on imports: the command line is built at every start of ``fixer``.
"""

from __future__ import annotations

import argparse
import os
import sys

from fixer.errors import BadInput, FatalError
from fixer.pr.defaults import BOTS
from fixer.redact import remember

PR_EPILOG = """The token comes from $GITHUB_TOKEN or --token-file; it never appears in the
output, in an error, or in a git remote URL on disk.

exit codes:
  0  done: the fix pull request opened or updated, the fix posted as suggested changes,
     or the analysis posted as a comment
     (nothing could be fixed), or no failed run to read; with --output: the folder written;
     with --workflow-run: also a run left alone (the reason is printed)
  1  something fixable was left unfixed, or the actor may not trigger fixer
  2  bad input or a GitHub error (one line on stderr says what)
  3  internal error (a bug: please report it)

examples:
  fixer pr octo/app#42 --dry-run
  fixer pr https://github.com/octo/app/pull/42 --actor alice --json
  fixer pr octo/app#42 --output fix/       # fix and verify only (read-only token)
  fixer pr octo/app#42 --publish fix/      # push and post only (runs no repository code)
  fixer pr --workflow-run https://github.com/octo/app/actions/runs/123   # a bot's red run
"""


def add_pr_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pr = commands.add_parser(
        "pr",
        help="fix a pull request's failing CI and open the fix as a pull request",
        description="Read the failed workflow runs of a pull request's head, fix and verify "
        "in a clone of the head, push the fix to fixer/pr-N and open a pull request into the "
        "pull request's branch (or update the one fixer opened before). When nothing can be "
        "fixed, post the analysis as one comment, edited on later runs.",
        epilog=PR_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pr.add_argument(
        "target", metavar="TARGET", nargs="?", help="OWNER/REPO#N or the pull request's URL"
    )
    pr.add_argument(
        "--workflow-run",
        metavar="URL",
        help="instead of TARGET: the failed run (https://HOST/OWNER/REPO/actions/runs/ID) of "
        "a pull request one of --bots opened on the repository itself, fixed unasked and at "
        "most once per head (a check run named fixer records the attempt); any other run "
        "is skipped with the reason (exit 0): not failed, a fork's, not a bot's, fixer's own "
        "pull request, or a head fixer tried before",
    )
    pr.add_argument(
        "--bots",
        metavar="LOGINS",
        default=",".join(BOTS),
        help="with --workflow-run: whose pull requests (comma-separated; default: %(default)s)",
    )
    pr.add_argument("--token-file", metavar="FILE", help="read the token from FILE")
    pr.add_argument(
        "--api-url",
        metavar="URL",
        help="GitHub's API (default: $GITHUB_API_URL, then https://api.github.com); "
        "for GitHub Enterprise: https://HOST/api/v3",
    )
    pr.add_argument("--repo", metavar="DIR", help="a clone at the pull request's head to use")
    pr.add_argument(
        "--actor", metavar="USER", help="who asked; refused unless admin, maintain or write"
    )
    pr.add_argument(
        "--dry-run", action="store_true", help="fix and verify, but push and post nothing"
    )
    pr.add_argument("--json", action="store_true", help="print what was done as JSON")
    pr.add_argument("--python", metavar="PATH", help="the project's interpreter, for mypy")
    pr.add_argument("--index-url", metavar="URL", help="package index (see fixer fix --help)")
    pr.add_argument(
        "--allow-unverified",
        action="store_true",
        help="also push fixes whose failing tool could not run (see fixer fix --help)",
    )
    pr.add_argument(
        "--max-wait",
        metavar="SECONDS",
        type=float,
        default=60.0,
        help="longest wait for GitHub's rate limit to reset before giving up (default: 60)",
    )
    pr.add_argument(
        "--review",
        choices=("fix-pr", "suggestions", "both"),
        default="fix-pr",
        help="how a verified fix reaches the pull request: a fix pull request (default), a "
        "review of GitHub suggested changes on the exact lines (a small fix: at most 10 "
        "hunks, no new or deleted file; else the fix pull request), or both. A fork fixer "
        "cannot push to gets the review instead of the patch in a comment",
    )
    pr.add_argument(
        "--check-run",
        action="store_true",
        help="also publish the diagnosis as a check run named fixer on the head, with an "
        "annotation on each failing line (shown in the pull request's Files changed); needs "
        "a GitHub App token such as the workflow's GITHUB_TOKEN, with checks: write",
    )
    mode = pr.add_mutually_exclusive_group()
    mode.add_argument(
        "--output", metavar="DIR", help="only fix and verify; write patch and report to DIR"
    )
    mode.add_argument(
        "--publish", metavar="DIR", help="only push and post what --output wrote to DIR"
    )


def read_token(token_file: str | None) -> str:
    from pathlib import Path

    if token_file is not None:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise FatalError(f"{token_file}: cannot read the token ({exc.strerror})") from None
        if not token:
            raise FatalError(f"{token_file}: the token file is empty")
        remember(token)
        return token
    from fixer.vault import held

    token = (held("GITHUB_TOKEN") or "").strip()
    remember(token)
    if not token:
        raise FatalError("no token: set GITHUB_TOKEN or pass --token-file FILE")
    return token


def cmd_pr(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fixer.forge.github_types import DEFAULT_API, Pacing
    from fixer.pr.flow import execute
    from fixer.pr.outcome import PrOptions
    from fixer.pr.target import parse_target
    from fixer.progress import Progress
    from fixer.report import fix as fix_report

    if (args.target is None) == (args.workflow_run is None):
        raise BadInput("name one pull request (TARGET) or one failed run (--workflow-run URL)")
    if args.workflow_run is not None and args.actor is not None:
        raise BadInput("--workflow-run fixes a bot's pull request unasked: it takes no --actor")
    options = PrOptions(
        token=read_token(args.token_file),
        api_url=args.api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API,
        repo=Path(args.repo) if args.repo else None,
        actor=args.actor,
        dry_run=args.dry_run,
        python=args.python,
        index_url=args.index_url,
        allow_unverified=args.allow_unverified,
        pacing=Pacing(max_wait=args.max_wait),
        review=args.review,
        check_run=args.check_run,
    )
    output = Path(args.output) if args.output else None
    publish = Path(args.publish) if args.publish else None
    if args.workflow_run is not None:
        from fixer.pr.bots import parse_bots
        from fixer.pr.flow import execute_run
        from fixer.pr.runs import parse_run

        ref = parse_run(args.workflow_run, "--workflow-run")
        bots = parse_bots(args.bots)
        done = execute_run(ref, bots, options, Progress(), output=output, publish=publish)
    else:
        target = parse_target(args.target)
        done = execute(target, options, Progress(), output=output, publish=publish)
    if args.json:
        sys.stdout.write(done.to_json() + "\n")
    else:
        if done.result is not None:
            sys.stdout.write(
                fix_report.to_text(done.result, diff=fix_report.shown_diff(done.result))
            )
        print(done.line())
    return done.exit_code
