"""``jest.test-failed``: a jest test that failed, by file and name, with its assertion.

jest's default reporter prints each failing test file as ``FAIL src/basket.test.js``, then
each failure as a block:

```
  ● basket \u203a adds the lines

    expect(received).toBe(expected) // Object.is equality

    Expected: 190
    Received: 200
    ...
      at Object.toBe (src/basket.test.js:9:42)
```

The first line of the block is the assertion (or the thrown error's message), the
``Expected:`` / ``Received:`` lines (or the first changed lines of a ``- Expected`` /
``+ Received`` diff) what differed, and the ``at`` lines the stack, innermost first: the
first one in the test file is the test's line. ``● Test suite failed to run`` is a file
that did not run (a syntax error names its line and column, a missing module the
``require``'s line). Under ``--ci`` a snapshot that does not exist yet fails its test with
``New snapshot was not written. ...``: the next step is to write it, not to fix the code.
The file is the ``FAIL`` line above the block.

Hand-written: the reporter's text is all a job's log holds (``--json`` writes elsewhere).
Not fixable: whether the code or the test is wrong is a human decision.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser
from fixer.kinds._js_failure import read_failure
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding

KIND = "jest.test-failed"
FAIL = re.compile(r"^\s*FAIL\s+(?P<file>\S+)\s*+(?:\(\d[\d.]*+ m?s\))?\s*$")
HEADER = re.compile("^\\s*\u25cf (?P<name>\\S(?:.*\\S)?)\\s*$")  # ``  \u25cf basket \u203a adds``
END = re.compile(r"^\s*(?:PASS|FAIL)\s|^Test Suites: |^Tests: ")
SUITE = "Test suite failed to run"


class JestParser(Parser):
    emits = frozenset({KIND})
    rank = 73
    # `` FAIL `` too: after a timestamp it is the leftmost match, and vitest's trigger
    triggers = (b" FAIL ", b"FAIL ", "\u25cf ".encode())

    def __init__(self) -> None:
        self.files: dict[int, tuple[str, Evidence]] = {}  # segment -> the last ``FAIL <file>``

    def feed(self, hit: Hit) -> None:
        fail = FAIL.match(hit.text)
        if fail:
            self.files[hit.segment] = (fail.group("file"), hit.evidence())
            return
        header = HEADER.match(hit.text)
        seen = self.files.get(hit.segment)
        if header is None or seen is None:
            return
        file, fail_line = seen
        name = header.group("name").replace(" \u203a ", " > ")
        suite = name == SUITE
        failure = read_failure(hit, file, lambda text: bool(HEADER.match(text) or END.match(text)))
        message = failure.message
        details = {"file": file, **({"suite": "true"} if suite else {"test": name})}
        if message:
            details["error"] = message
        details.update(failure.values)
        if failure.note is not None:
            details["snapshot"] = "not written"
        line = failure.place[0] if failure.place else None
        column = failure.place[1] if failure.place else None
        if failure.raised_elsewhere(file, line, column):
            details["raised_at"] = failure.raised
        test = file if suite else f"{file} > {name}"
        rerun = f"npx jest {file}" + ("" if suite else f' -t "{name.split(" > ")[-1]}"')
        hit.report(
            Finding(
                kind=KIND,
                tool="jest",
                message=f"{test} {'failed to run' if suite else 'failed'}{failure.said()}",
                path=file,
                raw_path=file,
                line=line,
                column=column,
                fix=_next_step(rerun, details),
                details=details,
                ident=test,
                # a suite's block does not name its file: the ``FAIL`` line does
                evidence=((fail_line,) if suite else ()) + failure.evidence(hit),
            )
        )


def _next_step(rerun: str, details: dict[str, str]) -> str:
    if "snapshot" in details:
        return (
            f"Run `{rerun} -u` where the snapshot is right and commit the written snapshot"
            " (`--ci` writes none)."
        )
    raised = f" (raised at {details['raised_at']})" if "raised_at" in details else ""
    return f"Run `{rerun}` and fix the code or the test{raised}."


class JestTestFailed(Kind):
    id = KIND
    title = "A failing jest test"
    parser = JestParser
    recognizes = (
        "jest: each `● suite \u203a test` block under `FAIL file` with its assertion, the"
        " `Expected:` / `Received:` values and the test's line; `Test suite failed to run`"
        " (a syntax error, a missing module); a snapshot `--ci` did not write"
    )
    not_fixable = "whether the code or the test is wrong is a human decision; fixer changes neither"
