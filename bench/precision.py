"""Precision over the fixture corpus: in how many logs fixer names the decisive lines.

    python bench/precision.py            # the table docs/accuracy.md records
    python bench/precision.py --json     # every log's verdict

Each log of ``fixtures/logs/<case>/job.log`` (and each scenario's ``fixtures/<name>/logs``)
is diagnosed as ``fixer diagnose`` does, with the case's ``project/`` (a scenario's
``repo/``) as the repository, in every form a maintainer saves a log in: the runner's
file, ``gh run view --log``, ``--log-failed`` and UTF-16 as PowerShell's ``>`` writes it
(made by ``tests/support/logforms.py``, as the form tests make them; a log that is a
tool's own output, not a runner's, is read as it is only). The expectations
are the hand-written ``expected.json`` files; what they say decides:

- an expected finding is **named** when fixer reports a finding of its kind with the same
  place (``raw_path`` and ``line``, where the expectation gives them) and, where the
  expectation lists the decisive lines (``evidence``), each of them in one of that
  finding's evidence lines;
- a log is **named** when every expected finding is named and fixer reports nothing
  else (an extra finding is one invented);
- a log fixer answers "No failure found" for, while its job failed, is **silent**.

The figure is named logs / logs, per form and in all.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixer.app import diagnose_logs  # noqa: E402
from fixer.model import Diagnosis, Finding  # noqa: E402
from tests.support import logforms as lf  # noqa: E402

FIXTURES = ROOT / "fixtures"
FORMS = ("runner", "gh --log", "gh --log-failed", "UTF-16")


@dataclass
class Verdict:
    case: str
    form: str
    expected: int
    named: int
    invented: int
    silent: bool

    @property
    def ok(self) -> bool:
        return self.named == self.expected and not self.invented and not self.silent


def _matches(finding: Finding, want: dict[str, Any]) -> bool:
    got = finding.to_json()
    if got["kind"] != want["kind"]:
        return False
    for key in ("raw_path", "line"):
        if key in want and want[key] is not None and got[key] != want[key]:
            return False
    texts = [e["text"] for e in got["evidence"]]
    return all(any(t in text for text in texts) for t in want.get("evidence", ()))


def judge(case: str, form: str, diagnosis: Diagnosis, expected: list[dict[str, Any]]) -> Verdict:
    left = list(diagnosis.findings)
    named = 0
    for want in expected:
        hit = next((f for f in left if _matches(f, want)), None)
        if hit is not None:
            named += 1
            left.remove(hit)
    failed = any(j.status == "failed" for j in diagnosis.jobs)
    silent = bool(expected) and not diagnosis.findings and not failed
    return Verdict(case, form, len(expected), named, len(left), silent)


def _forms(log: bytes, tmp: Path, job: str) -> Iterator[tuple[str, Path]]:
    """The runner's log, then the same job in the other forms (gh names it ``job``)."""
    runner = tmp / "job.log"
    runner.write_bytes(log)
    yield "runner", runner
    if not lf.is_runner_log(log):
        return  # a tool's own output: saved as it is, not in gh's or PowerShell's forms
    run: lf.Run = [(job, lf.steps_of(log))]
    for form, data in (
        ("gh --log", lf.gh_log(run)),
        ("gh --log-failed", lf.gh_log(run, only_failed=True)),
        ("UTF-16", lf.utf16(log)),
    ):
        if form == "gh --log-failed" and not lf.failed(log):
            continue  # gh prints nothing for a job that did not fail
        path = tmp / f"{form.replace(' ', '_')}.log"
        path.write_bytes(data)
        yield form, path


def corpus() -> Iterator[Verdict]:
    for case in sorted(p for p in (FIXTURES / "logs").iterdir() if (p / "expected.json").is_file()):
        want = json.loads((case / "expected.json").read_text())
        expected, job = want["findings"], want.get("job") or "job"
        repo = case / "project" if (case / "project").is_dir() else None
        with tempfile.TemporaryDirectory() as tmp:
            for form, path in _forms((case / "job.log").read_bytes(), Path(tmp), job):
                yield judge(case.name, form, diagnose_logs([str(path)], repo), expected)
    for scenario in sorted(p for p in FIXTURES.iterdir() if (p / "expected.json").is_file()):
        expected = json.loads((scenario / "expected.json").read_text())["findings"]
        diagnosis = diagnose_logs([str(scenario / "logs")], scenario / "repo")
        yield judge(scenario.name, "archive folder", diagnosis, expected)


def _expectations() -> Iterator[list[dict[str, Any]]]:
    for path in sorted(FIXTURES.glob("logs/*/expected.json")) + sorted(
        FIXTURES.glob("*/expected.json")
    ):
        yield json.loads(path.read_text())["findings"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="every log's verdict")
    args = parser.parse_args()
    verdicts = list(corpus())
    if args.json:
        print(json.dumps([{**vars(v), "ok": v.ok} for v in verdicts], indent=2))
        return
    wants = [w for case in _expectations() for w in case]
    explicit = sum(bool(w.get("evidence")) for w in wants)
    placed = sum(not w.get("evidence") and w.get("line") is not None for w in wants)
    print(
        f"{len(wants)} expected findings: {explicit} list their decisive lines, {placed} more"
        f" name the file and line, {len(wants) - explicit - placed} are judged by kind and"
        " path alone"
    )
    print()
    print("| form | logs | decisive lines named | precision | invented | silent |")
    print("|---|---:|---:|---:|---:|---:|")
    for form in (*FORMS, "archive folder", "all"):
        rows = [v for v in verdicts if form in (v.form, "all")]
        if not rows:
            continue
        ok = sum(v.ok for v in rows)
        invented = sum(v.invented for v in rows)
        silent = sum(v.silent for v in rows)
        print(f"| {form} | {len(rows)} | {ok} | {ok / len(rows):.0%} | {invented} | {silent} |")
    for v in verdicts:
        if not v.ok:
            print(
                f"not named: {v.case} ({v.form}): {v.named} of {v.expected} expected,"
                f" {v.invented} invented{', silent' if v.silent else ''}"
            )


if __name__ == "__main__":
    main()
