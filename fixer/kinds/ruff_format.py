"""``ruff.format``: a file ``ruff format --check`` would reformat (``Would reformat: x.py``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from fixer.contract import Hit
from fixer.diagnose.toolversions import TRIGGERS
from fixer.kinds._tool import Reported, ToolKind, ToolParser
from fixer.model import Finding

WOULD = re.compile(r"^Would reformat: (?P<path>.*\S)\s*$")


def reformat_path(text: str) -> str | None:
    """The file a line of ``ruff format --check`` names."""
    match = WOULD.match(text)
    return match.group("path") if match else None


class RuffFormatParser(ToolParser):
    tool = "ruff"
    emits = frozenset({"ruff.format"})
    rank = 52
    triggers = (b"Would reformat: ", *TRIGGERS)

    def read(self, hit: Hit, text: str) -> None:
        path = reformat_path(text)
        if path is not None:
            hit.report(
                Finding(
                    kind="ruff.format",
                    tool="ruff",
                    message="ruff format would reformat this file",
                    path=path,
                    raw_path=path,
                    fix="Run the project's ruff format on the file.",
                    ident="format",
                )
            )


class RuffFormat(ToolKind):
    id = "ruff.format"
    title = "File not formatted by ruff format"
    parser = RuffFormatParser
    recognizes = "`ruff format --check`: `Would reformat: x.py`, one finding per file"
    change = (
        "the file as the project's ruff (its version from the log, the lock file, the"
        " pre-commit hook or an exact pin) formats it, run from the step's directory with the"
        " project's configuration; refused when the syntax tree changes"
    )
    codemods = ("fixer.codemods.python.formatter_output:FormatterOutput",)
    tool = "ruff"
    subcommand = ("format",)
    check_flags = ("--check",)
    extra_check = ("--no-cache",)
    valued = frozenset({"--config", "--line-length", "--target-version"})
    flags = frozenset({"--isolated", "--preview", "--no-preview"})

    def fix_args(self, findings: Sequence[Finding], name: str) -> list[str]:
        command = findings[0].command if findings else None
        config = self.config_args(command)
        return ["format", "--no-cache", *config, "--stdin-filename", name, "-"]

    def reported(self, lines: Iterable[str]) -> Reported:
        return Counter((p, "", "") for line in lines if (p := reformat_path(line)) is not None)
