"""``black.format``: a file ``black --check`` would reformat (``would reformat x.py``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from fixer.contract import Hit
from fixer.diagnose.toolversions import TRIGGERS
from fixer.kinds._tool import Reported, ToolKind, ToolParser
from fixer.model import Finding

WOULD = re.compile(r"^would reformat (?P<path>.*\S)\s*$")


def reformat_path(text: str) -> str | None:
    """The file a line of ``black --check`` names (relative or absolute, as given)."""
    match = WOULD.match(text)
    return match.group("path") if match else None


class BlackParser(ToolParser):
    tool = "black"
    emits = frozenset({"black.format"})
    rank = 53
    triggers = (b"would reformat ", *TRIGGERS)

    def read(self, hit: Hit, text: str) -> None:
        path = reformat_path(text)
        if path is not None:
            hit.report(
                Finding(
                    kind="black.format",
                    tool="black",
                    message="black would reformat this file",
                    path=path,
                    raw_path=path,
                    fix="Run the project's black on the file.",
                    ident="format",
                )
            )


class BlackFormat(ToolKind):
    id = "black.format"
    title = "File not formatted by black"
    parser = BlackParser
    recognizes = "`black --check`: `would reformat x.py`, one finding per file"
    change = (
        "the file as the project's black formats it (its version as for ruff), with the"
        " project's configuration and the CI command's options; refused when the syntax"
        " tree changes"
    )
    codemods = ("fixer.codemods.python.formatter_output:FormatterOutput",)
    tool = "black"
    check_flags = ("--check",)
    valued = frozenset(
        {"-l", "--line-length", "-t", "--target-version", "--config", "--required-version"}
    )
    flags = frozenset(
        {
            "-S",
            "--skip-string-normalization",
            "-C",
            "--skip-magic-trailing-comma",
            "--preview",
            "--unstable",
            "--pyi",
            "--fast",
            "--safe",
        }
    )

    def fix_args(self, findings: Sequence[Finding], name: str) -> list[str]:
        command = findings[0].command if findings else None
        return ["-q", *self.config_args(command), "--stdin-filename", name, "-"]

    def reported(self, lines: Iterable[str]) -> Reported:
        return Counter((p, "", "") for line in lines if (p := reformat_path(line)) is not None)
