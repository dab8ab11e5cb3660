"""``ruff.rule``: a violation of any ruff rule that has no kind of its own (``ruff.F401``,
which :mod:`.ruff_f401` fixes with its own codemod; any ``ruff.<CODE>`` module added), with
its code, file, line and whether ruff can fix it safely (``[*]``).

Read from every form ``ruff check`` prints in CI (:mod:`fixer.diagnose.ruff_forms`:
``full``, ``concise``, ``grouped``, ``pylint``, ``github`` raw or as the runner stores it,
``json``, ``json-lines``). The output's shape decides, not the command: a step that runs
``make lint``, ``pre-commit run``, ``tox -e lint``, ``hatch run lint`` or ``nox -s lint``
prints what ruff prints. flake8 prints the concise and pylint shapes too, so such a line
counts as ruff's when the step's command names ruff; else when the nearest line above it
that names a linter names ruff (``make``'s echo ``ruff check .``, pre-commit's ``- hook id:
ruff``, tox's ``lint: commands[0]> ruff check .``), never when it names flake8; else when
the line itself is ruff's (``[*]``, a message quoting with backticks) or the step prints
ruff's summary (``Found 3 errors.``, ``[*] 2 fixable with the `--fix` option``). The
``full``, ``grouped``, raw ``github`` (``title=Ruff (CODE)``) and JSON forms are ruff's alone.

Only a finding ruff marked ``[*]`` (or a ``safe`` fix in JSON) is fixed: ``ruff check
--fix-only --no-unsafe-fixes --select <the failing codes>`` on the file alone, by the
project's ruff (see :mod:`fixer.kinds._tool`), and proven by the CI's ``ruff check`` re-run
(``ruff check`` on the named files when the step ran it through another command). An import
the fix leaves unused (UP006's ``List`` once ``list[str]`` is written) is a new F401 of the
re-run: it is removed in the same change, and the re-run proves both
(:func:`fixer.fix.exposed.left_by`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from fixer.contract import Hit, Sighting, strip_marker
from fixer.diagnose import ruff_forms
from fixer.diagnose.ruff_forms import Violation
from fixer.diagnose.toolversions import TRIGGERS
from fixer.kinds._tool import Reported, ToolKind, ToolParser
from fixer.model import Evidence, Finding
from fixer.shellcmd import tool_args

RUFF = re.compile(r"\bruff\b", re.IGNORECASE)
FLAKE8 = re.compile(r"\bflake8\b")
OWN_FORMS = frozenset({"full", "grouped", "github", "json"})  # shapes no other linter prints
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
    seen = ruff_forms.concise(text)
    if seen is None or seen.column is None:
        return None
    return (seen.path, seen.line, seen.column, seen.code, bool(seen.fixable), seen.message)


def own_kind(code: str) -> bool:
    """Whether the rule ``code`` has a kind of its own (``ruff.F401``)."""
    from fixer.kinds import known

    return known(f"ruff.{code}")


def _linter(script: str) -> str | None:
    """The linter a command names: "ruff" (also beside flake8), "flake8", or None."""
    if RUFF.search(script):
        return "ruff"
    return "flake8" if FLAKE8.search(script) else None


class RuffRuleParser(ToolParser):
    tool = "ruff"
    emits = frozenset({"ruff.rule"})
    rank = 51
    # a violation's line names a Python file (``x.py:3:4: CODE``, `` --> x.py:3:4``, a
    # grouped header ``x.py:``) or is JSON's ``"code": "CODE"``; the other literals are
    # the lines that say which linter printed them
    triggers = (
        b".py:",
        b".pyi:",
        b".ipynb:",
        b'"code": "',
        b'"code":"',
        b"ruff",
        b"Ruff",
        b"flake8",
        b"Found ",
        b"fixable with the `--fix`",
        b"No fixes available",
        *TRIGGERS,
    )

    def __init__(self) -> None:
        super().__init__()
        self._said: tuple[int, str] | None = None  # (segment, linter) named last
        self._unsure: set[tuple[int, int]] = set()  # (segment, line): ruff's if it says so
        self._summary: set[int] = set()  # segments that print ruff's summary

    def read(self, hit: Hit, text: str) -> None:
        found = self._violations(hit, text)
        if not found:
            self._listen(hit, text)
            return
        owner = self._owner(hit)
        if owner == "flake8":
            return
        for seen in found:
            if own_kind(seen.code):
                continue
            sure = owner == "ruff" or seen.form in OWN_FORMS or bool(seen.fixable)
            sure = sure or "`" in seen.message
            self._report(hit, seen, sure)

    def _violations(self, hit: Hit, text: str) -> list[Violation]:
        stripped = text.lstrip()
        if stripped.startswith("::"):
            return [v for v in [ruff_forms.github(stripped)] if v]
        if '"code":' in text:
            return ruff_forms.json_objects(text, hit.before, hit.after)
        if text.lstrip().startswith("-->"):
            above = hit.before(1)
            return (
                [v for v in [ruff_forms.full(text, strip_marker(above[-1]))] if v] if above else []
            )
        line = ruff_forms.concise(text, "concise" if text is hit.text else "github")
        line = line or ruff_forms.pylint(text)
        if line is not None:
            return [line]
        return ruff_forms.grouped(text, hit.after)

    def _listen(self, hit: Hit, text: str) -> None:
        """Remember the linter a line names, and ruff's summary."""
        if ruff_forms.SUMMARY.match(text) or ruff_forms.FIXABLE.match(text):
            self._summary.add(hit.segment)
            return
        named = _linter(text)
        if named is not None:
            self._said = (hit.segment, named)

    def _owner(self, hit: Hit) -> str | None:
        """The linter the step's command names, else the line above that names one."""
        owner = _linter(hit.command.script) if hit.command else None
        if owner is None and self._said is not None and self._said[0] == hit.segment:
            owner = self._said[1]
        return owner

    def _report(self, hit: Hit, seen: Violation, sure: bool) -> None:
        line = hit.line + seen.offset
        extra: tuple[Evidence, ...] = ()
        evidence: tuple[Evidence, ...] = ()
        if seen.form == "full":
            extra = (hit.evidence(hit.before(1)[-1], hit.line - 1),)
        elif seen.offset:
            shown = hit.after(seen.offset)[-1]
            evidence = (hit.evidence(shown, line), hit.evidence())
        if not sure:
            self._unsure.add((hit.segment, line))
        made = rule_finding(
            seen.path, seen.line, seen.column, seen.code, seen.message, seen.fixable
        )
        hit.report(replace(made, evidence=evidence), extra=extra)

    def finish(self, sightings: list[Sighting]) -> None:
        """One finding per violation and command, whichever forms printed it; a line
        flake8 could have printed is ruff's only where the step shows ruff's summary."""
        kept: dict[tuple[object, ...], Sighting] = {}
        for sighting in sightings:
            f = sighting.finding
            at = f.evidence[0].line if f.evidence else 0
            if (sighting.segment, at) in self._unsure and sighting.segment not in self._summary:
                continue
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
        "`ruff check`, any rule without a kind of its own: the code, file, line and column,"
        " and whether ruff marks a safe fix (`[*]`, JSON's `safe`), in the `full`, `concise`,"
        " `grouped`, `pylint`, `github` (raw or as the runner stores it), `json` and"
        " `json-lines` forms of ruff 0.4 to 0.17; also when the step runs ruff through"
        " `make`, `pre-commit`, `tox`, `hatch` or `nox` (the output's shape decides)"
    )
    change = (
        "ruff's own safe fixes of the failing rules in the named file (`ruff check --fix-only"
        " --no-unsafe-fixes --select <codes>`, the project's ruff and configuration), proven"
        " by the CI's `ruff check`; never `--unsafe-fixes`; an import the fix leaves unused (a"
        " new F401) is removed with it by fixer's F401 codemod"
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

    def findings(self, lines: Iterable[str]) -> list[tuple[tuple[str, str, str], Finding]]:
        """Each violation of the concise output: an unused import of :mod:`.ruff_f401`'s,
        any other rule a ``ruff.rule``."""
        from fixer.diagnose.ruff import concise_finding

        out: list[tuple[tuple[str, str, str], Finding]] = []
        for line in lines:
            seen = violation(line)
            if seen is None:
                continue
            path, row, column, code, fixable, message = seen
            unused = concise_finding(line) if code == "F401" else None
            if unused is not None:
                out.append(((path, code, message), unused))
                continue
            made = rule_finding(path, row, column, code, message, fixable)
            out.append(((path, code, message), made))
        return out


def rule_finding(
    path: str, line: int | None, column: int | None, code: str, message: str, fixable: bool | None
) -> Finding:
    """The ``ruff.rule`` finding of one violation, as the log's parser and the re-run's
    reader both make it (``fixable``: ruff's ``[*]``, None when the form does not say)."""
    details = {} if fixable is None else {"ruff_fixable": "true" if fixable else "false"}
    return Finding(
        kind="ruff.rule",
        tool="ruff",
        message=f"{code} {message}",
        path=path,
        raw_path=path,
        line=line,
        column=column,
        code=code,
        fix=f"ruff check --fix --select {code}" if fixable else f"Fix {code} by hand.",
        details=details,
        ident=f"{code}:{column}",
    )
