"""mypy: ``path:line[:col[:end_line:end_col]]: error: message  [code]``.

``[type-arg]`` (bare generics) and ``[import-untyped]`` (missing stubs) are fixable;
every other mypy error is reported as ``mypy.error`` so the report does not pretend a
partial fix turns the job green. mypy 1.x says "Missing type parameters", 2.x
"Missing type arguments": both are matched.

The project's output settings change the form: ``show_column_numbers`` adds the column,
``show_error_end`` the end (``path:4:10:4:13:``), ``show_absolute_path`` makes the path
absolute, ``hide_error_codes`` drops ``[code]``, ``color_output`` adds ANSI escapes (the
log normalizer strips them). ``pretty`` wraps a long message at the terminal's width (80
columns on a runner) onto the next lines, ``[code]`` included, and follows each error
with its source line and a ``^~~~`` marker: the continuation lines are joined back into
the message (:func:`continuation`), and the snippet and the marker are no errors. A long
location (an absolute path with its end) leaves ``error:`` at the end of its line and the
whole message on the next.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from fixer.contract import Hit, Parser, strip_marker
from fixer.model import Evidence, Finding

ERROR = re.compile(
    r"^(?P<path>(?:[A-Za-z]:)?[^:\s][^:]*?):(?P<line>\d+):"
    r"(?:(?P<col>\d+):(?:(?P<end_line>\d+):(?P<end_col>\d+):)?)?"
    r" error:(?: |$)(?P<msg>(?=\s*+$)|.*?(?:(?<!\s)|(?=\s{2}\[)))"
    r"(?:\s{2}\[(?P<code>[a-z0-9-]++)\])?\s*$"
)
TYPE_ARG = re.compile(r'Missing type (?:parameters|arguments) for generic type "(?P<name>[\w.]+)"')
STUBS = re.compile(r'Library stubs not installed for "(?P<module>[\w.]+)"')
SKIPPING = re.compile(r'Skipping analyzing "(?P<module>[\w.]+)": module is installed')
HINT = re.compile(r'Hint: "?python3? -m pip install (?P<stub>types-[\w.-]+)"?')
# a location at the start of a line: the next message, not a continuation
LOCATION = re.compile(r"^(?:[A-Za-z]:)?[^:\s][^:]*?:(?:\d+:)*\s(?:error|note|warning):")
CODE_END = re.compile(r"^(?P<msg>.*?)(?<!\s)\s++\[(?P<code>[a-z0-9-]++)\]\s*$")
CODE_TAIL = re.compile(r"(?:^|\s)\[[a-z0-9-]+\]\s*$")
CODE_ALONE = re.compile(r"^ ?\[[a-z0-9-]+\]\s*$")  # 2.x wraps "  [code]" to " [code]"
MARKER = re.compile(r"^\s*\^~*(?:\.\.\.)?\s*$")
SNIPPET = "    "  # mypy indents the source line of ``pretty`` by four spaces
WRAPPED = 6  # continuation lines looked at


def parse_error(text: str) -> re.Match[str] | None:
    """Match one mypy error line (also used to read verification runs)."""
    return ERROR.match(strip_marker(text))


@dataclass(frozen=True, slots=True)
class Reported:
    """One error as mypy printed it, its wrapped lines joined."""

    path: str
    line: int
    column: int | None
    end: tuple[int, int] | None
    message: str
    code: str | None
    lines: int = 1  # how many log lines it took
    nth: int = 1  # the same message on the same line: which of them


def read_error(match: re.Match[str], following: list[str]) -> Reported:
    """The error of ``match``, with its ``pretty`` continuation lines (from ``following``)."""
    message, code = match.group("msg"), match.group("code")
    more = continuation(following) if code is None else []
    if more:
        message = " ".join([message, *more]).strip()
        ended = CODE_END.match(message)
        if ended:
            message, code = ended.group("msg"), ended.group("code")
    col, end_line, end_col = match.group("col", "end_line", "end_col")
    return Reported(
        match.group("path"),
        int(match.group("line")),
        int(col) if col else None,
        (int(end_line), int(end_col)) if end_line and end_col else None,
        message,
        code,
        1 + len(more),
    )


def continuation(following: list[str]) -> list[str]:
    """The lines a ``pretty`` mypy wrapped an error's message onto: plain lines up to the
    next location, ended by ``[code]`` or by the source snippet and its ``^`` marker.
    Anything else after an error (another tool's output) is not taken."""
    taken: list[str] = []
    for i, line in enumerate(following[:WRAPPED]):
        text = strip_marker(line)
        if CODE_ALONE.match(text):
            return [*taken, text.strip()]
        if text.startswith(SNIPPET) or not text.strip():
            marker = i + 1 < len(following) and MARKER.match(following[i + 1])
            return taken if taken and text.strip() and marker else []
        if text[0].isspace() or LOCATION.match(text) or text.startswith(("##[", "Found ")):
            return []
        taken.append(text.strip())
        if CODE_TAIL.search(text):
            return taken
    return []


class MypyParser(Parser):
    emits = frozenset({"mypy.type-arg", "mypy.import-untyped", "mypy.error"})
    rank = 10
    # ``color_output`` on a terminal: ``: \x1b[1m\x1b[31merror:\x1b(B\x1b[m message``
    # ``pretty`` with a long location: ``path:l:c:l:c: error:`` ends the line, the message
    # follows on the next
    triggers = (b": error: ", b"\x1b[31merror:", b": error:\n", b": error:\r\n")

    def __init__(self) -> None:
        # ``def f(a: dict) -> dict:`` is two errors with one message on one line: the
        # second is its own finding (``dict#2``), also when the log shows no column
        # (counted per command: a job that runs mypy twice prints the same error twice)
        self.seen: Counter[tuple[int, str, int, str]] = Counter()

    def feed(self, hit: Hit) -> None:
        match = parse_error(hit.text)
        if not match:
            return
        error = read_error(match, hit.after(WRAPPED + 1))
        extra = tuple(
            hit.evidence(line, hit.line + i) for i, line in enumerate(hit.after(error.lines - 1), 1)
        )
        place = (hit.segment, error.path, error.line, error.message)
        self.seen[place] += 1
        nth = self.seen[place]
        if nth > 1:
            error = replace(error, nth=nth)
        finding = classify(error)
        if finding.kind == "mypy.import-untyped":
            finding, extra = _with_hint(hit, error, finding, extra)
        hit.report(finding, extra=extra)


def classify(error: Reported) -> Finding:
    """The finding one mypy error is. The parser reads the log with it, and verification
    reads fixer's own mypy runs with it (:mod:`fixer.verify.mypy_output`), so a finding
    and the error after a change are told apart by the same reading."""
    msg, code = error.message, error.code
    type_arg = TYPE_ARG.search(msg)
    untyped = STUBS.search(msg) or SKIPPING.search(msg)
    if type_arg and code in (None, "type-arg"):
        name = type_arg.group("name")
        fix = f'Give "{name}" its type arguments (e.g. {_example(name)}).'
        return _finding(error, "mypy.type-arg", "type-arg", fix, {"generic": name})
    if untyped and code in (None, "import-untyped", "import"):
        module = untyped.group("module")
        fix = f'"{module}" ships no types: mark the import `# type: ignore[import-untyped]`.'
        details = {"module": module}
        return _finding(error, "mypy.import-untyped", "import-untyped", fix, details)
    fix = "Fix this type error by hand; fixer has no safe rewrite for it."
    return _finding(error, "mypy.error", code, fix, {})


def _with_hint(
    hit: Hit, error: Reported, finding: Finding, extra: tuple[Evidence, ...]
) -> tuple[Finding, tuple[Evidence, ...]]:
    """The finding with the stub package mypy's hint names (on the lines that follow)."""
    for offset, line in enumerate(hit.after(error.lines + 5), start=1):
        hint = HINT.search(line)
        if hint:
            stub = hint.group("stub")
            fix = (
                f"Install the stub package {stub} where mypy runs, or mark the import "
                "`# type: ignore[import-untyped]`."
            )
            details = {**finding.details, "stub": stub}
            return replace(finding, details=details, fix=fix), (
                *extra,
                hit.evidence(line, hit.line + offset),
            )
        if " error: " in line:
            break
    return finding, extra


def _finding(
    error: Reported,
    kind: str,
    code: str | None,
    fix: str,
    details: dict[str, str],
) -> Finding:
    if error.end is not None:
        details = {**details, "end_line": str(error.end[0]), "end_column": str(error.end[1])}
    subject = details.get("generic") or details.get("module") or ""
    if error.nth > 1:
        subject = f"{subject or error.message}#{error.nth}"
    return Finding(
        kind=kind,
        tool="mypy",
        message=error.message,
        path=error.path,
        raw_path=error.path,
        line=error.line,
        column=error.column,
        code=code,
        fix=fix,
        details=details,
        ident=subject,  # mypy versions word messages differently
    )


def _example(name: str) -> str:
    short = name.rsplit(".", 1)[-1]
    if short.lower() == "dict":
        return f"{short}[str, Any]"
    if short.lower() == "tuple":
        return f"{short}[Any, ...]"
    if short == "Callable":
        return "Callable[..., Any]"
    return f"{short}[Any]"
