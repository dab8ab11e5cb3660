"""``playwright.test-failed``: a Playwright spec that failed, by file, line and title,
with its error.

Playwright's ``list`` and ``line`` reporters (the defaults outside and on CI) print each
failure as a numbered block:

```
  1) tests/basket.spec.js:9:1 \u203a adds the lines ───────────────────────────────

    Error: expect(received).toBe(expected) // Object.is equality

    Expected: 190
    Received: 200
    ...
        at /home/runner/work/app/app/tests/basket.spec.js:10:40
```

(``  1) [chromium] \u203a tests/example.spec.ts:3:5 \u203a has title ───`` with a project). The
header names where the test is declared; the first line of the block is the error; the
``Expected:`` / ``Received:`` lines (or the first changed lines of a diff) what differed;
the first ``at`` line in the spec file the line that failed, the first at all where the
error was raised. A retry (``Retry #1 ───``) of the same test is the same finding.

Hand-written: the reporter's text is all a job's log holds. Not fixable: whether the
application or the spec is wrong is a human decision.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser
from fixer.kinds._js_failure import read_failure
from fixer.kinds.base import Kind
from fixer.model import Finding

KIND = "playwright.test-failed"
SEP = "\u203a"  # a single right-pointing angle quotation mark
HEADER = re.compile(
    rf"^\s*\d+\) (?:\[(?P<project>[^\]]+)\] {SEP} )?(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)"
    rf" {SEP} (?P<title>.+?)\s*\u2500*\s*$"
)
WORKSPACE = re.compile(r"^(?:/home/runner/work/[^/]+/[^/]+/|/__w/[^/]+/[^/]+/)")


class PlaywrightParser(Parser):
    emits = frozenset({KIND})
    rank = 74
    triggers = (f" {SEP} ".encode(),)

    def feed(self, hit: Hit) -> None:
        header = HEADER.match(hit.text)
        if header is None:
            return
        file, title = header.group("file"), header.group("title").replace(f" {SEP} ", " > ")
        failure = read_failure(
            hit,
            file,
            lambda text: bool(HEADER.match(text)) or _summary(text),
            lambda path: WORKSPACE.sub("", path),
        )
        message = failure.message
        details = {"file": file, "test": title, "declared_at": f"{file}:{header['line']}"}
        if header.group("project"):
            details["project"] = header.group("project")
        if message:
            details["error"] = message
        details.update(failure.values)
        line = failure.place[0] if failure.place else int(header.group("line"))
        column = failure.place[1] if failure.place else int(header.group("col"))
        if failure.raised_elsewhere(file, line, column):
            details["raised_at"] = failure.raised
        project = f" --project={details['project']}" if "project" in details else ""
        hit.report(
            Finding(
                kind=KIND,
                tool="playwright",
                message=f"{file}:{header['line']} > {title} failed{failure.said()}",
                path=file,
                raw_path=file,
                line=line,
                column=column,
                fix=(
                    f"Run `npx playwright test {file}:{header['line']}{project}` and fix the"
                    " application or the spec"
                    + (f" (raised at {details['raised_at']})" if "raised_at" in details else "")
                    + "."
                ),
                details=details,
                ident=f"{details.get('project', '')}|{file} > {title}",
                evidence=failure.evidence(hit),
            )
        )


def _summary(text: str) -> bool:
    """The end of the failures: ``  3 failed`` (then the list), ``  1 passed (14.2s)``."""
    return bool(re.match(r"^\s*\d+ (?:failed|flaky|passed|skipped|interrupted|did not run)", text))


class PlaywrightTestFailed(Kind):
    id = KIND
    title = "A failing Playwright spec"
    parser = PlaywrightParser
    recognizes = (
        "Playwright: each numbered failure `1) spec.ts:9:1 \u203a title` (with its `[project]`)"
        " with its error, the `Expected:` / `Received:` values and the spec's failing line"
    )
    not_fixable = (
        "whether the application or the spec is wrong is a human decision; fixer changes neither"
    )
