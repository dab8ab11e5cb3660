"""``pre-commit.hook``: a file a pre-commit hook changed (``- files were modified by this hook``).

``pre-commit run`` prints a status line for each hook and, under a failed one, its id, its
exit code, whether it modified files, then the hook's own output::

    trim trailing whitespace.................................................Failed
    - hook id: trailing-whitespace
    - exit code: 1
    - files were modified by this hook

    Fixing README.md

The files are the ones the hook's output names: ``Fixing X`` (pre-commit-hooks' fixers,
isort, with the absolute path), ``reformatted X`` (black), ``Rewriting X`` (pyupgrade and
its kin), ``Sorting X`` (requirements-txt-fixer), ``X: fixed mixed line endings``,
prettier's ``--write`` list (``src/a.js 12ms``, without ``(unchanged)``). A hook that names
none (ruff's ``1 file reformatted``, ``Found 2 errors (2 fixed, 0 remaining).``) gets the
files of the diff ``--show-diff-on-failure`` prints after ``All changes made by hooks:``
(``diff --git a/X b/X``) that no hook's output names, with ``details.files_from = "diff"``
(that diff holds every hook's changes). One finding per hook per file; without either, one
finding with no file, which is not fixable.

The fix is the hook itself: the hook's block of the project's ``.pre-commit-config.yaml``
(its repository and ``rev``, its id and arguments) run by pre-commit on exactly the named
files, in a scratch worktree of the commit (:mod:`fixer.forge.precommit`), the hooks of a
file in the order the configuration lists them; the proof is pre-commit again, every hook
of the configuration on those files (:mod:`fixer.verify.precommit_checks`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.diagnose.paths import clean
from fixer.kinds.base import Kind, where
from fixer.model import Evidence, Finding

MODIFIED = "- files were modified by this hook"
HOOK_ID = re.compile(r"^- hook id: (?P<id>\S+)\s*$")
EXIT = re.compile(r"^- exit code: (?P<code>-?\d+)\s*$")
# the name ends where its dots begin (at a run's first dot: trying every dot of a long run
# would be quadratic); the parenthesis is pre-commit's short reason
STATUS = re.compile(
    r"^(?P<name>\S.*?)(?:(?<!\.)|(?<=^\.))\.{3,}+(?:\([^)]{0,200}+\))?"
    r"(?P<result>Passed|Failed|Skipped)\s*$"
)
CHANGED = "pre-commit hook(s) made changes."
ALL_CHANGES = "All changes made by hooks:"
DIFF = re.compile(r"^diff --git a/(?P<a>.+?) b/(?P<b>.*\S)\s*$")
# the lines of a hook's output that name a file it changed
NAMED = (
    re.compile(r"^Fixing (?P<path>\S(?:.*\S)?)\s*$"),
    re.compile(r"^reformatted (?P<path>\S(?:.*\S)?)\s*$"),
    re.compile(r"^Rewriting (?P<path>\S(?:.*\S)?)\s*$"),
    re.compile(r"^Sorting (?P<path>\S(?:.*\S)?)\s*$"),
    re.compile(r"^(?P<path>\S.*?): fixed mixed line endings\s*$"),
    re.compile(r"^(?P<path>[^\s\[]+\.[A-Za-z0-9]+) \d+(?:\.\d+)?m?s\s*$"),  # prettier --write
)
OUTPUT_LINES = 400  # a hook's output read after its header
VERSION = re.compile(r"(?<![\w.-])pre-commit-(?P<version>\d+(?:\.\d+)+)(?![\w.-])")
BANNER = re.compile(r"^pre-commit (?P<version>\d+(?:\.\d+)+)\s*$")


def named_path(text: str) -> str | None:
    """The file a line of a hook's output says the hook changed."""
    for pattern in NAMED:
        match = pattern.match(text)
        if match:
            return match.group("path")
    return None


def hook_output(lines: Sequence[str]) -> list[str]:
    """A hook's own output: the lines after its header, up to the next hook's status
    line, pre-commit's closing words or a runner marker."""
    out: list[str] = []
    for line in lines:
        text = line.rstrip()
        if STATUS.match(text) or text.startswith(("##[", CHANGED, ALL_CHANGES, "- hook id: ")):
            break
        out.append(text)
    return out


@dataclass(slots=True)
class _Hook:
    id: str
    name: str
    evidence: tuple[Evidence, ...]
    exit_code: str | None
    segment: int
    reported: set[str] = field(default_factory=set)


class PreCommitParser(Parser):
    emits = frozenset({"pre-commit.hook"})
    rank = 50
    triggers = (MODIFIED.encode(), ALL_CHANGES.encode(), b"diff --git a/", b"pre-commit")

    def __init__(self) -> None:
        self._pending: list[_Hook] = []  # hooks whose output named no file
        self._diff: dict[int, bool] = {}  # segment -> the diff of all changes has begun
        self._named: dict[int, set[str]] = {}  # segment -> the files hooks' output named
        self._version: str | None = None

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text).rstrip()
        if text == MODIFIED:
            self._modified(hit)
        elif text == ALL_CHANGES:
            self._diff[hit.segment] = True
        elif text.startswith("diff --git a/"):
            self._diffed(hit, text)
        elif "pre-commit" in text:
            found = VERSION.search(text) if "Successfully installed " in text else None
            found = found or BANNER.match(text)
            if found:
                self._version = found.group("version")

    def _modified(self, hit: Hit) -> None:
        above = hit.before(5)
        hook_id = exit_code = name = None
        evidence: list[Evidence] = []
        for back, line in enumerate(reversed(above), start=1):
            line = strip_marker(line).rstrip()
            if hook_id is None and (m := HOOK_ID.match(line)):
                hook_id = m.group("id")
                evidence.insert(0, hit.evidence(line, hit.line - back))
            elif exit_code is None and (m := EXIT.match(line)):
                exit_code = m.group("code")
            elif hook_id is not None and (status := STATUS.match(line)):
                name = status.group("name")
                evidence.insert(0, hit.evidence(line, hit.line - back))
                break
        if hook_id is None:
            return
        hook = _Hook(hook_id, name or hook_id, (*evidence, hit.evidence()), exit_code, hit.segment)
        output = hook_output(hit.after(OUTPUT_LINES))
        for offset, line in enumerate(output, start=1):
            path = named_path(line)
            if path is not None and path not in hook.reported:
                hook.reported.add(path)
                self._named.setdefault(hit.segment, set()).add(clean(path) or path)
                extra = hit.evidence(line, hit.line + offset)
                self._report(hit, hook, path, (*hook.evidence, extra))
        if not hook.reported:  # the diff may name its files; until then, no file
            self._pending.append(hook)
            self._report(hit, hook, None, hook.evidence)

    def _diffed(self, hit: Hit, text: str) -> None:
        match = DIFF.match(text)
        if match is None or not self._diff.get(hit.segment):
            return
        path = match.group("b")
        if path in self._named.get(hit.segment, set()):
            return  # a hook's own output names it: that hook changed it
        for hook in self._pending:
            if hook.segment == hit.segment and path not in hook.reported:
                hook.reported.add(path)
                self._report(hit, hook, path, (*hook.evidence, hit.evidence()), diff=True)

    def _report(
        self,
        hit: Hit,
        hook: _Hook,
        path: str | None,
        evidence: tuple[Evidence, ...],
        diff: bool = False,
    ) -> None:
        details = {"hook": hook.id, "hook_name": hook.name}
        if hook.exit_code is not None:
            details["exit_code"] = hook.exit_code
        if diff:
            details["files_from"] = "diff"
        hit.report(
            Finding(
                kind="pre-commit.hook",
                tool="pre-commit",
                message=f"the pre-commit hook {hook.id} modified this file"
                if path
                else f"the pre-commit hook {hook.id} modified files the log does not name",
                path=path,
                raw_path=path,
                code=hook.id,
                fix=f"Run `pre-commit run {hook.id} --files <the files>` and commit the result.",
                ident=hook.id,
                details=details,
                evidence=evidence,
            )
        )

    def finish(self, sightings: list[Sighting]) -> None:
        """A hook the diff gave files loses its finding with no file; each finding gets
        the version of pre-commit the log shows."""
        diffed = {
            (s.segment, s.finding.details.get("hook"))
            for s in sightings
            if s.finding.details.get("files_from") == "diff"
        }
        sightings[:] = [
            s
            for s in sightings
            if s.finding.path or (s.segment, s.finding.details.get("hook")) not in diffed
        ]
        if self._version is None:
            return
        for sighting in sightings:
            finding = sighting.finding
            details = {**finding.details, "pre_commit_version": self._version}
            sighting.finding = replace(finding, details=details)


class PreCommitHook(Kind):
    id = "pre-commit.hook"
    title = "File changed by a pre-commit hook"
    parser = PreCommitParser
    recognizes = (
        "`pre-commit run` (`--all-files`, `--show-diff-on-failure`, colour or not): a failed"
        " hook's `- files were modified by this hook`, with its `- hook id:` and the files"
        " its output names (`Fixing X`, `reformatted X`, `Rewriting X`, prettier's list),"
        " else the files of the diff after `All changes made by hooks:`; one finding per"
        " hook per file"
    )
    not_fixable = "fixer does not run pre-commit hooks yet"
    topic = "style"

    def admits(self, finding: Finding) -> bool:
        return bool(finding.path) and bool(finding.details.get("hook"))

    def why_not(self) -> str:
        return "the log names no file the hook changed (run pre-commit with --show-diff-on-failure)"

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """Every file one hook changed in one run is one cause: the hook."""
        return (finding.kind, finding.command, finding.details.get("hook", ""))

    def subject(self, findings: Sequence[Finding]) -> str:
        hooks = list(dict.fromkeys(f.details.get("hook", "") for f in findings))
        what = f"the pre-commit hook {hooks[0]}" if len(hooks) == 1 else f"{len(hooks)} hooks"
        return f"apply {what}{where(findings, 'to')}"
