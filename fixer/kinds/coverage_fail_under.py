"""``coverage.fail-under``: the tests ran, but the total coverage is below the project's gate.

Two tools print the gate, and a pytest-cov run prints both (coverage.py's line on stderr,
amid pytest's progress):

- pytest-cov: ``FAIL Required test coverage of 80% not reached. Total coverage: 40.91%``
- coverage.py (``coverage report --fail-under=80``, or pytest-cov passing it on):
  ``Coverage failure: total of 41 is less than fail-under=80`` (``ERROR: `` in front
  under pytest-cov; the total rounded to the report's precision)

One command's lines are one finding, with both numbers (pytest-cov's more precise total
preferred). The report's table above them (``Name  Stmts  Miss  Cover``) names the file
that misses the most statements. Not fixable: which tests to write, or whether the gate
is right, is the project's decision.
"""

from __future__ import annotations

import re
from dataclasses import replace

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

KIND = "coverage.fail-under"
PYTEST_COV = re.compile(
    r"Required test coverage of (?P<required>\d+(?:\.\d+)?)% not reached\. "
    r"Total coverage: (?P<total>\d+(?:\.\d+)?)%"
)
COVERAGE_PY = re.compile(
    r"Coverage failure: total of (?P<total>\d+(?:\.\d+)?) is less than "
    r"fail-under=(?P<required>\d+(?:\.\d+)?)"
)
# ``src/ledger/money.py   22   13   41%`` (with branches: ``... 22 13 8 2 41%``; ``-m``
# adds the missing lines after the percentage)
ROW = re.compile(
    r"^(?P<name>\S+)\s+(?P<stmts>\d+)\s+(?P<miss>\d+)\s+(?:\d+\s+\d+\s+)?"
    r"(?P<cover>\d+(?:\.\d+)?)%(?:\s|$)"
)
TABLE_LOOKBACK = 400  # lines read above the gate for the report's table


class CoverageParser(Parser):
    emits = frozenset({KIND})
    rank = 75
    triggers = (b"Required test coverage of", b"Coverage failure: total of")

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        match = PYTEST_COV.search(text)
        form = "pytest-cov"
        if match is None:
            match = COVERAGE_PY.search(text)
            form = "coverage"
        if match is None:
            return
        required, total = match.group("required"), match.group("total")
        details = {"required": required, "total": total, "form": form}
        missed = _most_missed(hit.before(TABLE_LOOKBACK))
        fix = (
            f"Cover more of the code with tests (the total is {total}%, the gate {required}%)"
            + (
                f"; {missed[0]} misses the most: {missed[1]} of {missed[2]} statements"
                if missed
                else ""
            )
            + "; or lower the gate (`--cov-fail-under`, `fail_under` in coverage's"
            " configuration) if it is not the project's goal."
        )
        if missed:
            details["most_missed"] = missed[0]
        hit.report(
            Finding(
                kind=KIND,
                tool="coverage",
                message=f"Total coverage {total}% is below the required {required}%",
                fix=fix,
                details=details,
                ident=f"fail-under={required}",
            )
        )

    def finish(self, sightings: list[Sighting]) -> None:
        """One finding per command: pytest-cov's line (two decimals) before coverage.py's."""
        kept: dict[int, Sighting] = {}
        for sighting in sightings:
            seen = kept.get(sighting.segment)
            if seen is None:
                kept[sighting.segment] = sighting
                continue
            first, other = (
                (sighting, seen)
                if sighting.finding.details.get("form") == "pytest-cov"
                else (seen, sighting)
            )
            evidence = tuple(
                sorted({*first.finding.evidence, *other.finding.evidence}, key=lambda e: e.line)
            )
            kept[sighting.segment] = replace(
                first, finding=replace(first.finding, evidence=evidence)
            )
        sightings[:] = list(kept.values())


def _most_missed(lines: list[str]) -> tuple[str, int, int] | None:
    """The file of the last report table above the gate that misses most statements."""
    rows: list[tuple[str, int, int]] = []
    for line in reversed(lines):
        row = ROW.match(line.strip())
        if row is None:
            if rows and not line.strip().startswith("-"):
                break  # the table's header: the rows above belong to an earlier one
            continue
        if row.group("name") != "TOTAL":
            rows.append((row.group("name"), int(row.group("miss")), int(row.group("stmts"))))
    if not rows:
        return None
    best = max(rows, key=lambda r: r[1])
    return best if best[1] else None


class CoverageFailUnder(Kind):
    id = KIND
    title = "Test coverage below the required minimum"
    parser = CoverageParser
    recognizes = (
        "pytest-cov's `Required test coverage of 80% not reached. Total coverage: 74.10%`"
        " and coverage.py's `Coverage failure: total of 74 is less than fail-under=80`"
    )
    not_fixable = "which tests to write, or whether the gate is right, is the project's decision"
