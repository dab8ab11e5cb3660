"""``isort.imports``: a file ``isort --check-only`` finds unsorted
(``ERROR: x.py Imports are incorrectly sorted and/or formatted.``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from fixer.contract import Hit
from fixer.diagnose.toolversions import TRIGGERS
from fixer.kinds._tool import Reported, ToolKind, ToolParser
from fixer.model import Finding

UNSORTED = re.compile(r"^ERROR: (?P<path>.+?) Imports are incorrectly sorted")


def unsorted_path(text: str) -> str | None:
    """The file a line of ``isort --check-only`` names."""
    match = UNSORTED.match(text)
    return match.group("path") if match else None


class IsortParser(ToolParser):
    tool = "isort"
    emits = frozenset({"isort.imports"})
    rank = 54
    triggers = (b"Imports are incorrectly sorted", *TRIGGERS)

    def read(self, hit: Hit, text: str) -> None:
        path = unsorted_path(text)
        if path is not None:
            hit.report(
                Finding(
                    kind="isort.imports",
                    tool="isort",
                    message="isort: imports are incorrectly sorted and/or formatted",
                    path=path,
                    raw_path=path,
                    fix="Run the project's isort on the file.",
                    ident="imports",
                )
            )


class IsortImports(ToolKind):
    id = "isort.imports"
    title = "Imports not sorted by isort"
    parser = IsortParser
    recognizes = (
        "`isort --check-only`: `ERROR: x.py Imports are incorrectly sorted and/or formatted.`"
    )
    change = (
        "the file's imports as the project's isort sorts them (its version as for ruff), with"
        " the project's settings and the CI command's options; refused unless the file"
        " imports exactly the same names and nothing but the imports changes"
    )
    codemods = ("fixer.codemods.python.import_sorter_output:ImportSorterOutput",)
    tool = "isort"
    check_flags = ("--check-only", "-c", "--check")
    valued = frozenset(
        {
            "--profile",
            "--settings-path",
            "--sp",
            "--settings-file",
            "--settings",
            "-l",
            "--line-length",
            "-m",
            "--multi-line",
            "--py",
            "--python-version",
            "--src",
            "--src-path",
        }
    )
    flags = frozenset(
        {
            "--float-to-top",
            "--sl",
            "--force-single-line-imports",
            "--tc",
            "--trailing-comma",
            "--ca",
            "--combine-as",
        }
    )

    def fix_args(self, findings: Sequence[Finding], name: str) -> list[str]:
        command = findings[0].command if findings else None
        return [*self.config_args(command), "--filename", name, "-"]

    def reported(self, lines: Iterable[str]) -> Reported:
        return Counter((p, "", "") for line in lines if (p := unsorted_path(line)) is not None)
