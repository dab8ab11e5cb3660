"""Unused Python imports (F401), as ruff and flake8 print them.

- ruff, concise: ``pkg/x.py:1:8: F401 [*] `os` imported but unused``
- ruff, full (the default since 0.5): ``F401 [*] `os` imported but unused`` then
  `` --> pkg/x.py:1:8`` on a following line
- flake8: ``./pkg/x.py:1:1: F401 'os' imported but unused``
"""

from __future__ import annotations

import re

from fixer.diagnose.base import Hit, Parser, strip_marker
from fixer.model import Evidence, Finding

LOCATED = re.compile(
    r"^(?P<path>(?:[A-Za-z]:)?[^:\s][^:]*?):(?P<line>\d+):(?P<col>\d+): F401 (?:\[\*\] )?"
    r"(?P<q>[`'])(?P<name>[^`']+)[`'] imported but unused"
)
FULL = re.compile(r"^\s*F401 (?:\[\*\] )?`(?P<name>[^`]+)` imported but unused")
ARROW = re.compile(r"^\s*-->\s*(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)\s*$")


class UnusedImportParser(Parser):
    triggers = (b"F401",)

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        located = LOCATED.match(text)
        if located:
            tool = "ruff" if located.group("q") == "`" or "[*]" in text else "flake8"
            if "flake8" in (hit.command.script if hit.command else ""):
                tool = "flake8"
            self._report(
                hit,
                tool,
                located.group("path"),
                located.group("line"),
                located.group("col"),
                located.group("name"),
                text,
            )
            return
        full = FULL.match(text)
        if full:
            for offset, line in enumerate(hit.after(4), start=1):
                arrow = ARROW.match(line)
                if arrow:
                    self._report(
                        hit,
                        "ruff",
                        arrow.group("path"),
                        arrow.group("line"),
                        arrow.group("col"),
                        full.group("name"),
                        text,
                        (hit.evidence(line, hit.line + offset),),
                    )
                    return

    @staticmethod
    def _report(
        hit: Hit,
        tool: str,
        path: str,
        line: str,
        col: str,
        name: str,
        text: str,
        extra: tuple[Evidence, ...] = (),
    ) -> None:
        hit.report(
            Finding(
                kind=f"{tool}.F401",
                tool="ruff" if tool == "ruff" else "flake8",
                message=f"`{name}` imported but unused",
                path=path,
                raw_path=path,
                line=int(line),
                column=int(col),
                code="F401",
                fixable=True,
                fix=f"Remove the unused import `{name}`.",
                details={"name": name},
                ident=name,
            ),
            extra=extra,
        )
