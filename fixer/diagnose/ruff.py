"""Unused Python imports (F401), in every form ruff and flake8 print them.

Plain lines (read here):

- ruff ``concise``: ``pkg/x.py:1:8: F401 [*] `os` imported but unused``; so is the
  message of ruff's ``github`` annotations once the runner has processed them
  (``##[error]pkg/x.py:1:8: F401 `os` imported but unused``, properties dropped)
- ruff ``full`` (the default since 0.5): ``F401 [*] `os` imported but unused`` then
  `` --> pkg/x.py:1:8`` on a following line (before 0.12: the concise line, then a snippet)
- ruff ``grouped``: a ``pkg/x.py:`` header, then ``  1:8  F401 [*] `os` ...`` entries
- ruff and flake8 ``pylint``: ``pkg/x.py:1: [F401] `os` imported but unused`` (no column)
- flake8 ``default``: ``./pkg/x.py:1:1: F401 'os' imported but unused``; a ``--format``
  string given on the command line (``%(path)s|%(row)d|...``) is read through that string.
  ``quiet-filename`` and ``quiet-nothing`` print no code, line or name: nothing to read.

Structured forms (workflow and Azure commands, JSON, SARIF, GitLab, rdjson, JUnit) are
read by :mod:`fixer.diagnose.lintdocs`. ``[*]`` (ruff's mark of a safe fix) becomes
``details.ruff_fixable`` where the form shows it. One violation printed twice by one
command (``github`` and ``full`` in one step) is one finding.
"""

from __future__ import annotations

import re
from dataclasses import replace

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.diagnose import lintdocs
from fixer.diagnose.lintdocs import Seen
from fixer.model import Evidence, Finding

LOCATED = re.compile(
    r"^(?P<path>(?:[A-Za-z]:)?[^:\s][^:]*?):(?P<line>\d+):(?P<col>\d+): F401 (?P<mark>\[\*\] )?"
    r"(?P<q>[`'])(?P<name>[^`']+)[`'] imported but unused"
)
PYLINT = re.compile(
    r"^(?P<path>(?:[A-Za-z]:)?[^:\s][^:]*?):(?P<line>\d+): \[F401\] "
    r"(?P<q>[`'])(?P<name>[^`']+)[`'] imported but unused"
)
GROUPED = re.compile(
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+F401 (?P<mark>\[\*\] )?`(?P<name>[^`]+)` imported but unused"
)
ENTRY = re.compile(r"^\s+\d+:\d+\s+[A-Z]+[0-9]+ ")
HEADER = re.compile(r"^(?P<path>\S.*?):$")
FULL = re.compile(r"^\s*F401 (?P<mark>\[\*\] )?`(?P<name>[^`]+)` imported but unused")
ARROW = re.compile(r"^\s*-->\s*+(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)\s*$")
FORMAT_ARG = re.compile(r"""--format[= ](?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"|(?P<bare>\S+))""")
FORMAT_KEYS = {
    "path": r"(?P<path>.+?)",
    "row": r"(?P<line>\d+)",
    "col": r"(?P<col>\d+)",
    "code": r"(?P<code>[A-Z]+\d+)",
    "text": r"(?P<text>.*)",
}
GROUP_LOOKBACK = 2000

Read = tuple[Seen, tuple[Evidence, ...]]  # a violation and the lines that show it


class UnusedImportParser(Parser):
    emits = frozenset({"ruff.F401", "flake8.F401"})
    rank = 50
    triggers = (b"F401", b"<testsuite ")

    def __init__(self) -> None:
        self._suite: tuple[int, str] | None = None  # (segment, path) of the JUnit suite
        self._group: tuple[int, int, str] | None = None  # (segment, line, header) grouped
        self._formats: dict[str, re.Pattern[str] | None] = {}

    def feed(self, hit: Hit) -> None:
        raw = hit.text
        if "<testsuite " in raw:
            path = lintdocs.testsuite(raw)
            self._suite = (hit.segment, path) if path else self._suite
            return
        text = strip_marker(raw)
        for seen, extra in self._read(hit, text, annotated=text is not raw):
            self._report(hit, seen, extra)

    def _read(self, hit: Hit, text: str, annotated: bool) -> list[Read]:
        stripped = text.lstrip()
        if stripped.startswith("::"):
            return [(s, ()) for s in [self._command(text)] if s]
        if stripped.startswith("##vso["):
            return [(s, ()) for s in [lintdocs.azure(stripped)] if s]
        if '"F401"' in text:
            if stripped.startswith(("{", "[")) and stripped.rstrip().endswith(("}", "]")):
                return [(s, ()) for s in lintdocs.json_line(stripped)]
            return [(s, ()) for s in [lintdocs.json_object(text, hit.before, hit.after)] if s]
        if stripped.startswith("<testcase "):
            suite = self._suite[1] if self._suite and self._suite[0] == hit.segment else None
            return [(s, ()) for s in [lintdocs.testcase(text, suite, hit.after)] if s]
        seen = self._line(hit, text, annotated)
        return [seen] if seen else []

    def _line(self, hit: Hit, text: str, annotated: bool) -> Read | None:
        located = LOCATED.match(text)
        if located:
            # an annotation's message never shows the mark; concise output does
            mark = None if annotated else bool(located.group("mark"))
            return _seen(located, located.group("col"), mark), ()
        pylint = PYLINT.match(text)
        if pylint:
            return _seen(pylint, None, None), ()
        grouped = GROUPED.match(text)
        if grouped:
            header = self._header(hit)
            if header is None:
                return None
            line, col = int(grouped.group("line")), int(grouped.group("col"))
            name, mark = grouped.group("name"), bool(grouped.group("mark"))
            return Seen(header, line, col, name, "`", mark), ()
        full = FULL.match(text)
        if full:
            return _arrow(hit, full)
        return self._custom(hit, text)

    def _command(self, text: str) -> Seen | None:
        parsed = lintdocs.workflow_command(text.lstrip())
        if parsed is None:
            return None
        props, message = parsed
        located = LOCATED.match(message)
        if located:  # ruff's github format: the message is a concise line
            return _seen(located, located.group("col"), None)
        return lintdocs.annotation(props, message)

    def _header(self, hit: Hit) -> str | None:
        """The ``path:`` line above a block of grouped entries (remembered per block)."""
        known = self._group
        if known and known[0] == hit.segment and 0 < hit.line - known[1] <= GROUP_LOOKBACK:
            gap = hit.before(hit.line - known[1] - 1) if hit.line - known[1] > 1 else []
            if all(ENTRY.match(line) for line in gap):
                self._group = (hit.segment, hit.line, known[2])
                return known[2]
        reach = 8
        while True:
            above = hit.before(reach)
            start = next(
                (i for i in range(len(above) - 1, -1, -1) if not ENTRY.match(above[i])), None
            )
            if start is not None:
                header = HEADER.match(strip_marker(above[start]))
                if header is None:
                    return None
                self._group = (hit.segment, hit.line, header.group("path"))
                return header.group("path")
            if len(above) < reach or reach >= GROUP_LOOKBACK:
                return None
            reach = min(reach * 8, GROUP_LOOKBACK)

    def _custom(self, hit: Hit, text: str) -> Read | None:
        """A line in the ``--format`` string given to flake8 on the command line."""
        script = hit.command.script if hit.command else ""
        if "flake8" not in script or "%(" not in script:
            return None
        if script not in self._formats:
            self._formats[script] = _format_pattern(script)
        pattern = self._formats[script]
        match = pattern.match(text) if pattern else None
        if match is None or match.group("code") != "F401":
            return None
        named = lintdocs.name_in(match.group("text"))
        if named is None:
            return None
        col = match.groupdict().get("col")
        line = int(match.group("line"))
        return Seen(match.group("path"), line, int(col) if col else None, *named), ()

    def finish(self, sightings: list[Sighting]) -> None:
        """One finding per violation and command, whichever forms printed it."""
        kept: list[Sighting] = []
        buckets: dict[tuple[object, ...], list[Sighting]] = {}
        for sighting in sightings:
            bucket = buckets.setdefault(_bucket(sighting), [])
            twin = next((k for k in bucket if _same(k, sighting)), None)
            if twin is None:
                kept.append(sighting)
                bucket.append(sighting)
                continue
            mine, other = twin.finding, sighting.finding
            first = other if mine.column is None and other.column is not None else mine
            details = {**other.details, **mine.details, **first.details}
            twin.finding = replace(
                first,
                evidence=tuple(dict.fromkeys(mine.evidence + other.evidence)),
                details=details,
            )
        sightings[:] = kept

    @staticmethod
    def _report(hit: Hit, seen: Seen, extra: tuple[Evidence, ...]) -> None:
        flake8 = "flake8" in (hit.command.script if hit.command else "")
        hit.report(finding_of(seen, flake8), extra=extra)


def concise_finding(text: str) -> Finding | None:
    """The unused import a ``concise`` line of ruff's names (``x.py:1:8: F401 [*] ...``)."""
    located = LOCATED.match(text)
    if located is None:
        return None
    return finding_of(_seen(located, located.group("col"), bool(located.group("mark"))))


def finding_of(seen: Seen, flake8: bool = False) -> Finding:
    """The finding one violation is, in whichever form it was printed. The parser reads
    the log with it, and verification reads ruff's JSON with it
    (:mod:`fixer.verify.ruff`), so both name the unused import alike."""
    tool = "flake8" if flake8 or seen.quote != "`" else "ruff"
    details = {"name": seen.name}
    if seen.ruff_fixable is not None:
        details["ruff_fixable"] = "true" if seen.ruff_fixable else "false"
    return Finding(
        kind=f"{tool}.F401",
        tool="ruff" if tool == "ruff" else "flake8",
        message=f"`{seen.name}` imported but unused",
        path=seen.path,
        raw_path=seen.path,
        line=seen.line,
        column=seen.column,
        code="F401",
        fix=f"Remove the unused import `{seen.name}`.",
        details=details,
        ident=seen.name,
    )


def _seen(match: re.Match[str], col: str | None, mark: bool | None) -> Seen:
    return Seen(
        match.group("path"),
        int(match.group("line")),
        int(col) if col else None,
        match.group("name"),
        match.group("q"),
        mark,
    )


def _arrow(hit: Hit, full: re.Match[str]) -> Read | None:
    for offset, line in enumerate(hit.after(4), start=1):
        arrow = ARROW.match(line)
        if arrow:
            seen = Seen(
                arrow.group("path"),
                int(arrow.group("line")),
                int(arrow.group("col")),
                full.group("name"),
                "`",
                bool(full.group("mark")),
            )
            return seen, (hit.evidence(line, hit.line + offset),)
    return None


def _format_pattern(script: str) -> re.Pattern[str] | None:
    """flake8's ``--format`` string as a regular expression (None without path and row)."""
    arg = FORMAT_ARG.search(script)
    fmt = next((g for g in arg.groups() if g is not None), "") if arg else ""
    if "%(path)s" not in fmt or "%(row)d" not in fmt or "%(code)s" not in fmt:
        return None
    parts = re.split(r"%\((\w+)\)[sd]", fmt)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else FORMAT_KEYS.get(part, "")  # colours print nothing
        for i, part in enumerate(parts)
    )
    try:
        return re.compile(f"^{regex}$" if "(?P<text>" not in regex else f"^{regex}")
    except re.error:
        return None


def _bucket(s: Sighting) -> tuple[object, ...]:
    """What two spellings of one violation always share (the file's own name included)."""
    f = s.finding
    base = (f.raw_path or "").replace("\\", "/").rsplit("/", 1)[-1]
    return (s.segment, f.kind, f.line, f.ident, base)


def _same(a: Sighting, b: Sighting) -> bool:
    """Within one bucket: the same column where both show one, and the same file."""
    fa, fb = a.finding, b.finding
    if fa.column is not None and fb.column is not None and fa.column != fb.column:
        return False
    return _same_file(fa.raw_path or "", fb.raw_path or "")


def _same_file(a: str, b: str) -> bool:
    """Two spellings of one file: equal, or one a tail of the other (an absolute path
    and the path relative to the working directory)."""
    a, b = a.replace("\\", "/").removeprefix("./"), b.replace("\\", "/").removeprefix("./")
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)
