"""``ruff.rule``: a violation of any ruff rule but F401 (which :mod:`.ruff_f401` fixes with
its own codemod), with its code, file, line and whether ruff can fix it safely (``[*]``).

Read from ruff's text forms, when the step's command runs ruff:

- ``concise`` (and ``full`` before 0.12): ``pkg/x.py:3:4: UP006 [*] Use `list` ...``;
- ``full`` (the default since 0.12): ``UP006 [*] Use `list` ...`` then `` --> pkg/x.py:3:4``;
- the message of a ``github`` annotation once the runner has processed it
  (``##[error]pkg/x.py:3:4: UP006 Use ...``), which never shows the mark.

Only a finding ruff marked ``[*]`` is fixed: ``ruff check --fix-only --no-unsafe-fixes
--select <the failing codes>`` on the file alone, by the project's ruff (see
:mod:`fixer.kinds._tool`), and proven by the CI's ``ruff check`` re-run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from fixer.contract import Hit, Sighting, strip_marker
from fixer.diagnose.toolversions import TRIGGERS
from fixer.kinds._tool import Reported, ToolKind, ToolParser
from fixer.model import Evidence, Finding
from fixer.shellcmd import tool_args

CODE = r"(?P<code>[A-Z]+[0-9]+)"
CONCISE = re.compile(
    r"^(?P<path>(?:[A-Za-z]:)?[^:\s][^:]*?):(?P<line>\d+):(?P<col>\d+): "
    + CODE
    + r" (?P<mark>\[\*\] )?(?P<message>.+?)\s*$"
)
HEADER = re.compile(r"^" + CODE + r" (?P<mark>\[\*\] )?(?P<message>.+?)\s*$")
ARROW = re.compile(r"^\s*-->\s*(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)\s*$")
SKIPPED = frozenset({"F401"})  # fixed by its own kind
# options of the CI's ``ruff check`` dropped from the re-run: they would write files, or
# print another form than the one the check is read in
DROPPED = frozenset(
    {
        "--fix",
        "--fix-only",
        "--unsafe-fixes",
        "--watch",
        "--diff",
        "--add-noqa",
        "--statistics",
        "--show-fixes",
        "--no-show-fixes",
        "--show-files",
        "--show-settings",
        "-w",
        "--exit-zero",
        "-e",
        "--exit-non-zero-on-fix",
        "-q",
        "--quiet",
        "-s",
        "--silent",
    }
)
DROPPED_VALUED = frozenset({"--output-format", "--format", "-o", "--output-file"})


def violation(text: str) -> tuple[str, int, int, str, bool, str] | None:
    """(path, line, column, code, marked fixable, message) of a concise line."""
    match = CONCISE.match(text)
    if match is None:
        return None
    return (
        match.group("path"),
        int(match.group("line")),
        int(match.group("col")),
        match.group("code"),
        bool(match.group("mark")),
        match.group("message"),
    )


class RuffRuleParser(ToolParser):
    tool = "ruff"
    emits = frozenset({"ruff.rule"})
    rank = 51
    # a violation's line names a Python file: ``x.py:3:4: CODE`` or `` --> x.py:3:4``
    triggers = (b".py:", b".pyi:", b".ipynb:", *TRIGGERS)

    def read(self, hit: Hit, text: str) -> None:
        script = hit.command.script if hit.command else ""
        if "ruff" not in script:
            return
        extra: tuple[Evidence, ...] = ()
        arrow = ARROW.match(text)
        if arrow is not None:  # the full form: the rule's header line is right above
            above = hit.before(1)
            header = HEADER.match(strip_marker(above[-1])) if above else None
            if header is None:
                return
            path, line, col = arrow.group("path"), int(arrow.group("line")), int(arrow.group("col"))
            code, message = header.group("code"), header.group("message")
            marked: bool | None = bool(header.group("mark"))
            extra = (hit.evidence(above[-1], hit.line - 1),)
        else:
            seen = violation(text)
            if seen is None:
                return
            path, line, col, code, mark, message = seen
            marked = None if text is not hit.text else mark  # annotations never show it
        if code in SKIPPED:
            return
        details = {} if marked is None else {"ruff_fixable": "true" if marked else "false"}
        hit.report(
            Finding(
                kind="ruff.rule",
                tool="ruff",
                message=f"{code} {message}",
                path=path,
                raw_path=path,
                line=line,
                column=col,
                code=code,
                fix=f"ruff check --fix --select {code}" if marked else f"Fix {code} by hand.",
                details=details,
                ident=f"{code}:{col}",
            ),
            extra=extra,
        )

    def finish(self, sightings: list[Sighting]) -> None:
        """One finding per violation and command, whichever forms printed it."""
        kept: dict[tuple[object, ...], Sighting] = {}
        for sighting in sightings:
            f = sighting.finding
            key = (sighting.segment, f.raw_path, f.line, f.column, f.code)
            twin = kept.get(key)
            if twin is None:
                kept[key] = sighting
                continue
            details = {**f.details, **twin.finding.details}
            if "true" in (f.details.get("ruff_fixable"), twin.finding.details.get("ruff_fixable")):
                details["ruff_fixable"] = "true"
            twin.finding = replace(twin.finding, details=details)
        sightings[:] = list(kept.values())
        super().finish(sightings)


class RuffRule(ToolKind):
    id = "ruff.rule"
    title = "ruff rule violation"
    parser = RuffRuleParser
    recognizes = (
        "`ruff check`, any rule but F401: the code, file, line and column, and whether ruff"
        " marks a safe fix (`[*]`), in the `full` and `concise` forms and `github` annotations"
    )
    change = (
        "ruff's own safe fixes of the failing rules in the named file (`ruff check --fix-only"
        " --no-unsafe-fixes --select <codes>`, the project's ruff and configuration), proven"
        " by the CI's `ruff check`; never `--unsafe-fixes`"
    )
    only = "marked `[*]`"
    not_fixable = "ruff marks no safe fix for it (`[*]`); fixer never applies unsafe fixes"
    codemods = ("fixer.codemods.python.rule_fix_output:RuleFixOutput",)
    tool = "ruff"
    subcommand = ("check",)
    check_flags = ("check",)
    valued = frozenset(
        {
            "--config",
            "--target-version",
            "--line-length",
            "--per-file-ignores",
            "--extend-per-file-ignores",
        }
    )
    flags = frozenset({"--isolated", "--preview", "--no-preview"})

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """One rule in one file is one cause, at however many lines (not the whole run,
        as for a formatter: each rule is its own problem)."""
        return (self.id, finding.code, finding.path or finding.raw_path)

    def admits(self, finding: Finding) -> bool:
        return finding.details.get("ruff_fixable") == "true"

    def key(self, finding: Finding) -> tuple[str, str, str]:
        code = finding.code or ""
        return (finding.path or "", code, finding.message.removeprefix(f"{code} "))

    def check_args(self, command: str | None) -> list[str] | None:
        args = tool_args(command, self.tool)
        if args is None or args[:1] != ["check"]:
            return None
        kept: list[str] = []
        skip = False
        for token in args[1:]:
            if skip:
                skip = False
                continue
            option = token.split("=", 1)[0]
            if token in DROPPED:
                continue
            if option in DROPPED_VALUED:
                skip = "=" not in token
                continue
            kept.append(token)
        return ["check", "--no-cache", "--no-fix", "--output-format=concise", *kept]

    def default_check(self, files: Sequence[str]) -> list[str]:
        return ["check", "--no-cache", "--no-fix", "--output-format=concise", *files]

    def config_args(self, command: str | None) -> list[str]:
        return self.kept_options((self.check_args(command) or [])[4:])

    def fix_args(self, findings: Sequence[Finding], name: str) -> list[str]:
        command = findings[0].command if findings else None
        codes = sorted({f.code for f in findings if f.code})
        return [
            "check",
            "--fix-only",
            "--no-unsafe-fixes",
            "--no-cache",
            *self.config_args(command),
            "--select",
            ",".join(codes),
            "--stdin-filename",
            name,
            "-",
        ]

    def reported(self, lines: Iterable[str]) -> Reported:
        return Counter((v[0], v[3], v[5]) for line in lines if (v := violation(line)) is not None)
