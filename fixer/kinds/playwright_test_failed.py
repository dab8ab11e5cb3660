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
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding

KIND = "playwright.test-failed"
SEP = "\u203a"  # a single right-pointing angle quotation mark
HEADER = re.compile(
    rf"^\s*\d+\) (?:\[(?P<project>[^\]]+)\] {SEP} )?(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)"
    rf" {SEP} (?P<title>.+?)\s*\u2500*\s*$"
)
AT = re.compile(r"^\s*at (?:.*? \()?(?P<path>[^\s()]+?):(?P<line>\d+):(?P<col>\d+)\)?\s*$")
VALUE = re.compile(r"^\s*(?P<key>Expected|Received)(?: [\w ]+)?: (?P<value>.+)$")
WORKSPACE = re.compile(r"^(?:/home/runner/work/[^/]+/[^/]+/|/__w/[^/]+/[^/]+/)")
MAX_BLOCK = 300  # lines read under one header


class PlaywrightParser(Parser):
    emits = frozenset({KIND})
    rank = 74
    triggers = (f" {SEP} ".encode(),)

    def feed(self, hit: Hit) -> None:
        header = HEADER.match(hit.text)
        if header is None:
            return
        file, title = header.group("file"), header.group("title").replace(f" {SEP} ", " > ")
        error: Evidence | None = None
        test_place: tuple[int, int, Evidence] | None = None
        raised = ""
        values: dict[str, str] = {}
        diff = False
        for offset, text in enumerate(hit.after(MAX_BLOCK), start=1):
            if HEADER.match(text) or text.startswith("##[") or _summary(text):
                break
            stripped = text.strip()
            if error is None:
                if stripped:
                    error = hit.evidence(text, hit.line + offset)
                continue
            at = AT.match(text)
            if at is not None:
                path = WORKSPACE.sub("", at["path"])
                number, col = int(at["line"]), int(at["col"])
                if not raised:
                    raised = f"{path}:{number}:{col}"
                if test_place is None and (path == file or path.endswith("/" + file)):
                    test_place = (number, col, hit.evidence(text, hit.line + offset))
                continue
            value = VALUE.match(text)
            if value and not diff:
                values.setdefault(value["key"].lower(), value["value"].strip())
            elif stripped.startswith(("- Expected", "+ Received")):
                diff = True
            elif diff and stripped[:2] in {"- ", "+ "}:
                values.setdefault("expected" if stripped[0] == "-" else "received", stripped[2:])
        message = error.text.strip() if error else ""
        details = {"file": file, "test": title, "declared_at": f"{file}:{header['line']}"}
        if header.group("project"):
            details["project"] = header.group("project")
        if message:
            details["error"] = message
        details.update({k: v.strip() for k, v in values.items()})
        line = test_place[0] if test_place else int(header.group("line"))
        column = test_place[1] if test_place else int(header.group("col"))
        if raised and raised != f"{file}:{line}:{column}":
            details["raised_at"] = raised
        evidence = [hit.evidence(), *(e for e in (error,) if e is not None)]
        if test_place is not None:
            evidence.append(test_place[2])
        shown = [f"{k} `{v}`" for k, v in details.items() if k in values and v not in message]
        said = f": {message}" + (f" ({', '.join(shown)})" if len(shown) == 2 else "")
        project = f" --project={details['project']}" if "project" in details else ""
        hit.report(
            Finding(
                kind=KIND,
                tool="playwright",
                message=f"{file}:{header['line']} > {title} failed{said if message else ''}",
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
                evidence=tuple(evidence),
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
