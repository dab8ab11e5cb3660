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
that did not run. The file is the ``FAIL`` line above the block.

Hand-written: the reporter's text is all a job's log holds (``--json`` writes elsewhere).
Not fixable: whether the code or the test is wrong is a human decision.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding

KIND = "jest.test-failed"
FAIL = re.compile(r"^\s*FAIL\s+(?P<file>\S+)\s*(?:\(\d[\d.]* m?s\))?\s*$")
HEADER = re.compile("^\\s*\u25cf (?P<name>\\S.*?)\\s*$")  # ``  \u25cf basket \u203a adds``
AT = re.compile(r"^\s*at (?:.*? \()?(?P<path>[^\s()]+?):(?P<line>\d+):(?P<col>\d+)\)?\s*$")
END = re.compile(r"^\s*(?:PASS|FAIL)\s|^Test Suites: |^Tests: ")
VALUE = re.compile(r"^\s*(?P<key>Expected|Received)(?: [\w ]+)?: (?P<value>.+)$")
SUITE = "Test suite failed to run"
MAX_BLOCK = 300  # lines read under one header


class JestParser(Parser):
    emits = frozenset({KIND})
    rank = 73
    # `` FAIL `` too: after a timestamp it is the leftmost match, and vitest's trigger
    triggers = (b" FAIL ", b"FAIL ", "\u25cf ".encode())

    def __init__(self) -> None:
        self.files: dict[int, str] = {}  # segment -> the last ``FAIL <file>``

    def feed(self, hit: Hit) -> None:
        fail = FAIL.match(hit.text)
        if fail:
            self.files[hit.segment] = fail.group("file")
            return
        header = HEADER.match(hit.text)
        file = self.files.get(hit.segment)
        if header is None or file is None:
            return
        name = header.group("name").replace(" \u203a ", " > ")
        suite = name == SUITE
        error: Evidence | None = None
        test_place: tuple[int, int, Evidence] | None = None
        raised = ""
        values: dict[str, str] = {}
        diff = False
        for offset, text in enumerate(hit.after(MAX_BLOCK), start=1):
            if HEADER.match(text) or END.match(text) or text.startswith("##["):
                break
            stripped = text.strip()
            if error is None:
                if stripped:
                    error = hit.evidence(text, hit.line + offset)
                continue
            at = AT.match(text)
            if at is not None:
                path, number, col = at["path"], int(at["line"]), int(at["col"])
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
                key = "expected" if stripped[0] == "-" else "received"
                values.setdefault(key, stripped[2:].strip())
        message = error.text.strip() if error else ""
        details = {"file": file, **({"suite": "true"} if suite else {"test": name})}
        if message:
            details["error"] = message
        details.update(values)
        line = test_place[0] if test_place else None
        column = test_place[1] if test_place else None
        if raised and raised != f"{file}:{line}:{column}":
            details["raised_at"] = raised
        evidence = [hit.evidence(), *(e for e in (error,) if e is not None)]
        if test_place is not None:
            evidence.append(test_place[2])
        shown = [f"{k} `{v}`" for k, v in values.items() if v not in message]
        said = f": {message}" + (f" ({', '.join(shown)})" if len(shown) == 2 else "")
        test = file if suite else f"{file} > {name}"
        rerun = f"npx jest {file}" + ("" if suite else f' -t "{name.split(" > ")[-1]}"')
        hit.report(
            Finding(
                kind=KIND,
                tool="jest",
                message=f"{test} {'failed to run' if suite else 'failed'}{said if message else ''}",
                path=file,
                raw_path=file,
                line=line,
                column=column,
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


class JestTestFailed(Kind):
    id = KIND
    title = "A failing jest test"
    parser = JestParser
    recognizes = (
        "jest: each `● suite \u203a test` block under `FAIL file` with its assertion, the"
        " `Expected:` / `Received:` values and the test's line; `Test suite failed to run`"
    )
    not_fixable = "whether the code or the test is wrong is a human decision; fixer changes neither"
