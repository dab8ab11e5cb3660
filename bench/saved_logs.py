"""Precision on logs saved elsewhere: does fixer name the lines a maintainer would?

    python bench/saved_logs.py FOLDER            # a table, then every log that missed
    python bench/saved_logs.py FOLDER --json     # every log's verdict

``FOLDER`` holds one folder per log: ``job.log`` (as it was saved: the runner's file,
``gh run view --log`` output, text copied from the web page or a tool's own output) and
``expected.json``, written from a reading of the log, not from fixer's output::

    {"source": {"repo": "owner/name", "path": "where it was found"},
     "form": "runner",
     "decisive": [{"kind": "mypy error", "line_text": "src/x.py:12: error: ...",
                   "path": "src/x.py", "line": 12}],
     "notes": "why these lines"}

Each ``decisive`` entry is **named** when one of fixer's findings shows its
``line_text`` in an evidence line (its path and line are the reader's, not
checked: fixer's paths are mapped to a repository these logs come without). A log is
**named** when every entry is; **silent** when fixer reports no finding; the findings no
entry claimed are counted as **more** (a cause the reader did not list, or one fixer
made up: read them in ``--json``). Nothing here is fixer's own corpus: the logs are
other people's, and are read from ``FOLDER``, never committed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fixer.app import diagnose_logs
from fixer.errors import FatalError
from fixer.model import Finding


def _shows(finding: Finding, text: str) -> bool:
    return any(text in e.text for e in finding.evidence) or text in finding.message


def judge(log: Path, want: dict[str, Any]) -> dict[str, Any]:
    decisive = want.get("decisive", [])
    try:
        findings = list(diagnose_logs([str(log)]).findings)
    except FatalError as exc:
        return {"log": log.parent.name, "error": str(exc), "named": 0, "of": len(decisive)}
    named, claimed = [], set()
    for entry in decisive:
        hit = [i for i, f in enumerate(findings) if _shows(f, entry["line_text"])]
        named.append(bool(hit))
        claimed.update(hit)
    return {
        "log": log.parent.name,
        "source": want.get("source"),
        "named": sum(named),
        "of": len(decisive),
        "missed": [e["line_text"] for e, ok in zip(decisive, named, strict=True) if not ok],
        "silent": not findings,
        "more": [
            {"kind": f.kind, "message": f.message[:160]}
            for i, f in enumerate(findings)
            if i not in claimed
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true", help="every log's verdict")
    args = parser.parse_args()
    cases = sorted(p for p in args.folder.iterdir() if (p / "expected.json").is_file())
    if not cases:
        raise SystemExit(f"{args.folder}: no <case>/expected.json here")
    verdicts = [
        judge(case / "job.log", json.loads((case / "expected.json").read_text("utf-8")))
        for case in cases
    ]
    if args.json:
        json.dump(verdicts, sys.stdout, indent=2)
        print()
        return
    logs = len(verdicts)
    whole = sum(1 for v in verdicts if v["of"] and v["named"] == v["of"])
    entries = sum(v["of"] for v in verdicts)
    named = sum(v["named"] for v in verdicts)
    silent = sum(1 for v in verdicts if v.get("silent"))
    errors = sum(1 for v in verdicts if "error" in v)
    more = sum(len(v.get("more", [])) for v in verdicts)
    print(f"{logs} logs")
    print(f"logs whose every decisive line is named  {whole} / {logs} ({whole / logs:.0%})")
    print(f"decisive lines named                     {named} / {entries}")
    print(f"silent (no finding)                      {silent}")
    print(f"refused as bad input                     {errors}")
    print(f"findings beyond the decisive lines       {more}")
    for v in verdicts:
        if "error" in v or v["named"] < v["of"] or v.get("silent"):
            print(f"  {v['log']}: {v['named']}/{v['of']}; {v.get('error') or v.get('missed')}")


if __name__ == "__main__":
    main()
