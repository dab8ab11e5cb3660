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
the first ``at`` line in the spec file the line that failed, the first outside
``node_modules`` where the error was raised. A retry (``Retry #1 ───``) of the same test
is the same finding.

The summary at the end sorts the tests: ``  2 failed``, then one line per test
(``    [chromium] \u203a tests/basket.spec.js:9:1 \u203a adds the lines``), ``  1 flaky`` and
its tests, ``  4 passed (3.1s)``. A flaky test failed an attempt and passed on its retry:
its block is printed like a failure's, but it did not fail the run, so it is no finding.
A test the ``failed`` list names whose block the log does not hold (a log cut short) is
reported from its summary line.

Hand-written: the reporter's text is all a job's log holds. Not fixable: whether the
application or the spec is wrong is a human decision.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, Sighting
from fixer.kinds._js_failure import read_failure
from fixer.kinds.base import Kind
from fixer.model import Finding

KIND = "playwright.test-failed"
SEP = "\u203a"  # a single right-pointing angle quotation mark
HEADER = re.compile(
    rf"^\s*\d+\) (?:\[(?P<project>[^\]]+)\] {SEP} )?(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)"
    rf" {SEP} (?P<title>.*[^\s\u2500])[\s\u2500]*$"
)
ENTRY = re.compile(  # a test in the summary's lists
    rf"^\s+(?:\[(?P<project>[^\]]+)\] {SEP} )?(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)"
    rf" {SEP} (?P<title>.*[^\s\u2500])[\s\u2500]*$"
)
SUMMARY = re.compile(r"^\s*\d+ (?P<what>failed|flaky|passed|skipped|interrupted|did not run)")
MAX_SUMMARY = 400  # lines looked back from a summary entry for its list's heading
WORKSPACE = re.compile(r"^(?:/home/runner/work/[^/]+/[^/]+/|/__w/[^/]+/[^/]+/)")


class PlaywrightParser(Parser):
    emits = frozenset({KIND})
    rank = 74
    triggers = (f" {SEP} ".encode(),)

    def __init__(self) -> None:
        self.flaky: set[str] = set()  # idents the summary lists as flaky
        self.listed: set[int] = set()  # id() of the sightings of the failed list's entries

    def feed(self, hit: Hit) -> None:
        header = HEADER.match(hit.text)
        if header is None:
            self._entry(hit)
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
                message=f"{_in(details)}{file}:{header['line']} > {title} failed{failure.said()}",
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

    def _entry(self, hit: Hit) -> None:
        """A test in the summary's ``failed`` or ``flaky`` list."""
        entry = ENTRY.match(hit.text)
        if entry is None:
            return
        heading = next(
            (m for m in map(SUMMARY.match, reversed(hit.before(MAX_SUMMARY))) if m), None
        )
        if heading is None or heading["what"] not in {"failed", "flaky"}:
            return
        file, title = entry["file"], entry["title"].replace(f" {SEP} ", " > ")
        project = entry["project"] or ""
        ident = f"{project}|{file} > {title}"
        if heading["what"] == "flaky":
            self.flaky.add(ident)
            return
        details = {"file": file, "test": title, "declared_at": f"{file}:{entry['line']}"}
        if project:
            details["project"] = project
        option = f" --project={project}" if project else ""
        finding = Finding(
            kind=KIND,
            tool="playwright",
            message=f"{_in(details)}{file}:{entry['line']} > {title} failed",
            path=file,
            raw_path=file,
            line=int(entry["line"]),
            column=int(entry["col"]),
            fix=(
                f"Run `npx playwright test {file}:{entry['line']}{option}` to see its error and"
                " fix the application or the spec."
            ),
            details=details,
            ident=ident,
        )
        hit.report(finding)
        self.listed.add(id(hit.sink[-1]))

    def finish(self, sightings: list[Sighting]) -> None:
        """Flaky tests dropped; a listed failure kept only when no block reported it."""
        blocks = {s.finding.ident for s in sightings if id(s) not in self.listed}
        sightings[:] = [
            s
            for s in sightings
            if s.finding.ident not in self.flaky
            and not (id(s) in self.listed and s.finding.ident in blocks)
        ]


def _in(details: dict[str, str]) -> str:
    """``[chromium] `` when the header names the project."""
    return f"[{details['project']}] " if "project" in details else ""


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

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """A spec failing in several projects (browsers) is one cause with a place each."""
        return (finding.kind, finding.path or finding.raw_path, finding.details.get("test"))
