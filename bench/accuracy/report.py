"""The accuracy run's results: per project, then totals, as text or JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from bench.accuracy.harness import Result

STATUSES = ("fixed", "refused", "wrong", "missed")


def to_json(results: Sequence[Result], command: str) -> dict[str, Any]:
    return {
        "command": command,
        "projects": [
            {
                "name": r.project.name,
                "version": r.project.version,
                "found": len(r.verdicts),
                **{s: r.count(s) for s in STATUSES},
                "exit_code": r.exit_code,
                "crash": r.crash,
                "not_run": r.not_run,
                "ran": r.ran,
                "seconds": round(r.seconds, 1),
                "diff": r.diff,
                "verdicts": [v.to_json() for v in r.verdicts],
            }
            for r in results
        ],
        "totals": totals(results),
    }


def totals(results: Sequence[Result]) -> dict[str, int]:
    out = {"found": sum(len(r.verdicts) for r in results)}
    out.update({s: sum(r.count(s) for r in results) for s in STATUSES})
    out["crashes"] = sum(bool(r.crash) for r in results)
    return out


def _by_code(r: Result) -> str:
    found = Counter(v.error.code for v in r.verdicts)
    return ", ".join(f"{code} {n}" for code, n in sorted(found.items())) or "none"


def table(results: Sequence[Result]) -> list[str]:
    lines = [
        "| project | version | found | fixed | refused | wrong | missed | time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        counts = " | ".join(str(r.count(s)) for s in STATUSES)
        lines.append(
            f"| {r.project.name} | {r.project.version} | {len(r.verdicts)} ({_by_code(r)})"
            f" | {counts} | {r.seconds:.0f} s |"
        )
    t = totals(results)
    lines.append(
        f"| **total** | | {t['found']} | {t['fixed']} | {t['refused']} | {t['wrong']}"
        f" | {t['missed']} | {sum(r.seconds for r in results):.0f} s |"
    )
    return lines


def details(r: Result) -> list[str]:
    """Refusals grouped by reason, every wrong fix with its check and hunk, every miss."""
    lines = [f"## {r.project.name} {r.project.version}: {_by_code(r)}"]
    if r.crash:
        lines.append(f"fixer crashed (exit {r.exit_code}):\n```\n{r.crash}\n```")
    lines += [f"- checked: {n}" for n in r.ran]
    lines += [f"- not run: {n}" for n in r.not_run]
    reasons = Counter(_generic(v.reason) for v in r.verdicts if v.status == "refused")
    if reasons:
        lines.append("refused:")
        lines += [f"- {n} x {reason}" for reason, n in reasons.most_common()]
    for v in r.verdicts:
        if v.status == "wrong":
            lines.append(f"WRONG {v.error.where()}")
            for f in v.failures:
                lines.append(f"  check failed: {f['check']}\n```\n{f['output']}\n```")
                if f["hunk"]:
                    lines.append(f"```diff\n{f['hunk']}\n```")
    missed = [v for v in r.verdicts if v.status == "missed"]
    for v in missed:
        lines.append(f"missed {v.error.where()}: {v.reason.splitlines()[0] if v.reason else ''}")
    return lines


def _generic(reason: str) -> str:
    """A refusal's reason without its path and line, so that alike reasons group."""
    head = reason.split(": line ", 1)
    text = head[1].split(": ", 1)[1] if len(head) == 2 and ": " in head[1] else reason
    return text.strip()


def text(results: Sequence[Result]) -> str:
    out: list[str] = []
    for r in results:
        out += [*details(r), ""]
    out += table(results)
    return "\n".join(out)
