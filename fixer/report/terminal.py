"""What the terminal shows: a diagnosis or a fix in the chosen format, coloured or not.

The command line picks the format and whether to colour (:mod:`fixer.cli`) and writes
the text; the text itself is made here, from the results alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from fixer import report
from fixer.model import Diagnosis, FixResult
from fixer.report import fix as fix_report
from fixer.report.lockdiff import shown_diff


def diagnosis_text(
    diagnosis: Diagnosis, fmt: str, sources: Sequence[str], color: bool = False
) -> str:
    """The diagnosis as ``fmt`` (``text``, ``json`` or ``markdown``)."""
    if fmt == "json":
        return report.to_json(diagnosis, sources) + "\n"
    if fmt == "markdown":
        return report.to_markdown(diagnosis, sources)
    return report.to_text(diagnosis, report.COLOR if color else report.PLAIN, sources)


def fix_text(result: FixResult, fmt: str, sources: Sequence[str], color: bool = False) -> str:
    """The fix's result as ``fmt``; in colour, its diff is coloured too."""
    if fmt == "json":
        return fix_report.to_json(result, sources) + "\n"
    if fmt == "markdown":
        return fix_report.to_markdown(result, sources)
    shown = shown_diff(result.diff)
    diff = colorize_diff(shown) if color else shown
    return fix_report.to_text(result, report.COLOR if color else report.PLAIN, diff, sources)


def colorize_diff(diff: str) -> str:
    out = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            out.append(f"\x1b[1m{line}\x1b[0m")
        elif line.startswith("+"):
            out.append(f"\x1b[32m{line}\x1b[0m")
        elif line.startswith("-"):
            out.append(f"\x1b[31m{line}\x1b[0m")
        elif line.startswith("@@"):
            out.append(f"\x1b[36m{line}\x1b[0m")
        else:
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")
