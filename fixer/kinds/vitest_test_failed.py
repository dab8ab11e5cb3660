"""``vitest.test-failed``: a vitest test that failed, by file and name, with its error.

vitest's default reporter lists each failure under ``Failed Tests`` (``Failed Suites``
for a file that did not run), in colour on a runner (``CI`` is set):

```
 FAIL  src/basket.test.js > basket > adds the lines
AssertionError: expected 200 to be 190 // Object.is equality
...
 \u276f src/basket.test.js:11:42
```

The first line under the header is the error; the ``\u276f`` (U+276F) lines are the stack, innermost
first: the first one in the test file is the test's line, the first one outside
``node_modules`` where the error was raised. A suite that failed to load is headed
`` FAIL  src/x.test.js [ src/x.test.js ]`` under ``Failed Suites``: an import that does not
resolve (``Error: Cannot find module './coupons' imported from ...``, vite's ``Failed to
resolve import``) or a file esbuild cannot transform, whose ``Transform failed with 1
error:`` is followed by the decisive line, ``<file>:6:37: ERROR: Expected ")" but found
";"``, which names the place. The verbose reporter (``--reporter=verbose``) prints the same
blocks. Under ``GITHUB_ACTIONS`` vitest also prints each failure as an
``::error`` workflow command, which the runner stores as ``##[error]<the error>``
without the test's name: the header is what is read.

Hand-written: the reporter's text is all a job's log holds (``--reporter=json`` writes
a file). Not fixable: whether the code or the test is wrong is a human decision.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding

KIND = "vitest.test-failed"
HEADER = re.compile(
    r"^\s*FAIL\s+(?P<file>[^\s>\[]++)(?: > (?P<name>.*\S)|\s+\[ (?P<suite>[^\]]+) \])\s*$"
)
STACK = re.compile(  # `` \u276f lineTotal src/basket.js:5:11``
    "^\\s*\u276f " r"(?:(?P<fn>\S+) )?(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+)\s*$"
)
END = re.compile(r"^⎯{3,}")
ERROR_TYPE = re.compile(r"^(?P<type>[A-Z]\w*(?:Error|Exception)?):")
TRANSFORM = re.compile(r"Transform failed with \d+ errors?:$")
ESBUILD = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): ERROR: (?P<msg>.+)$")
WORKSPACE = re.compile(r"^(?:/home/runner/work/[^/]+/[^/]+/|/__w/[^/]+/[^/]+/)")
MAX_BLOCK = 300  # lines read under one header


class VitestParser(Parser):
    emits = frozenset({KIND})
    rank = 72
    triggers = (b" FAIL ", b"FAIL ")  # the second at the start of a line (a copied log)

    def feed(self, hit: Hit) -> None:
        header = HEADER.match(hit.text)
        if header is None:
            return
        file, name = header.group("file"), header.group("name")
        error: Evidence | None = None
        test_place: tuple[int, int, Evidence] | None = None
        raised = ""
        diff: dict[str, str] = {}
        cause: Evidence | None = None  # the line a transform failure's error announces
        for offset, text in enumerate(hit.after(MAX_BLOCK), start=1):
            if END.match(text.strip()) or HEADER.match(text) or text.startswith("##["):
                break
            if error is None:
                if text.strip():
                    error = hit.evidence(text, hit.line + offset)
                continue
            if cause is None and TRANSFORM.search(error.text.strip()) and text.strip():
                cause = hit.evidence(text, hit.line + offset)
                named = ESBUILD.match(text.strip())
                if named and _same(WORKSPACE.sub("", named["path"]), file):
                    place = (int(named["line"]), int(named["col"]), cause)
                    test_place = test_place or place
                continue
            stack = STACK.match(text)
            if stack is None:
                _diff_line(text, diff)
                continue
            path, number, col = stack["path"], int(stack["line"]), int(stack["col"])
            if not raised and not path.startswith("node_modules/"):
                raised = f"{path}:{number}:{col}"
            if test_place is None and _same(path, file):
                test_place = (number, col, hit.evidence(text, hit.line + offset))
        message = error.text.strip() if error else ""
        if cause is not None:
            message = f"{message} {WORKSPACE.sub('', cause.text.strip())}"
        test = f"{file} > {name}" if name else file
        details = {"file": file, "test": name or ""}
        if not name:
            details["suite"] = "true"
            del details["test"]
        if message:
            details["error"] = message
            kind = ERROR_TYPE.match(message)
            if kind:
                details["error_type"] = kind.group("type")
        diff.pop("", None)
        details.update(diff)
        shown = [f"{k} `{v}`" for k, v in diff.items() if v not in message]
        if len(shown) == 2:
            message = f"{message} ({', '.join(shown)})"
        line = test_place[0] if test_place else None
        if raised and raised != (f"{file}:{line}:{test_place[1]}" if test_place else ""):
            details["raised_at"] = raised
        evidence = [hit.evidence(), *(e for e in (error, cause) if e is not None)]
        if test_place is not None and test_place[2] is not cause:
            evidence.append(test_place[2])
        what = "failed" if name else "failed to run"
        said = f": {message}" if message else ""
        rerun = f"npx vitest run {file}" + (f' -t "{name.split(" > ")[-1]}"' if name else "")
        hit.report(
            Finding(
                kind=KIND,
                tool="vitest",
                message=f"{test} {what}{said}",
                path=file,
                raw_path=file,
                line=line,
                column=test_place[1] if test_place else None,
                fix=(
                    f"Run `{rerun}` and fix the code or the test"
                    + (f" (raised at {details['raised_at']})" if "raised_at" in details else "")
                    + "."
                ),
                details=details,
                ident=test,
                evidence=tuple(evidence),
            )
        )


def _same(path: str, file: str) -> bool:
    return path == file or path.endswith("/" + file)


def _diff_line(line: str, diff: dict[str, str]) -> None:
    """The first changed lines of the ``- Expected`` / ``+ Received`` diff."""
    text = line.strip()
    if text in {"- Expected", "+ Received"} or text.startswith(("- Expected ", "+ Received ")):
        diff.setdefault("", "")
        return
    if "" not in diff:
        return  # no diff header yet: the message's own lines
    for sign, key in (("-", "expected"), ("+", "received")):
        if text.startswith(sign + " ") and key not in diff:
            diff[key] = text[2:].strip()


class VitestTestFailed(Kind):
    id = KIND
    title = "A failing vitest test"
    parser = VitestParser
    recognizes = (
        "vitest: each `FAIL  file > suite > test` of the default reporter with its error"
        " (`AssertionError: expected 200 to be 190`) and the test's line; a suite that"
        " failed to load (an import that does not resolve, a transform error and its line)"
    )
    not_fixable = "whether the code or the test is wrong is a human decision; fixer changes neither"
