"""``pytest.test-failed``: a test that failed or errored, by its node id and its exception.

pytest prints the decisive lines in two places, and a log may hold either or both:

- the *short test summary info* (on by default, ``-rfE``): ``FAILED <node id> - <the
  exception's first line>`` or ``ERROR <node id> - ...``; only it names the node id
  (``tests/test_cart.py::TestSku::test_total``, ``test_round[2.345-2.35]``);
- the ``FAILURES`` / ``ERRORS`` sections, one per test, headed ``____ <head line> ____``
  (``TestSku.test_total``; ``ERROR at setup of test_x``; ``ERROR collecting <path>``):
  the traceback with its ``path:line:`` locations and the exception's ``E   `` lines
  (``--tb=long``/``auto``/``short``/``native``; ``[gwN] ...`` first under xdist).
  ``--tb=line`` prints no headers: one ``E   `` block and one ``path:line: message`` line
  per test; ``--tb=no`` prints no sections at all.

A test is reported at its summary line, with the exception line (``E   ...``) and the
test file's line read from its section; a section the summary never names (``-rN``) is
reported on its own at the job's end, under its head line. A module that could not be
imported (``ERROR collecting``) is :mod:`fixer.kinds.pytest_collection_error`.

Hand-written: pytest's terminal report has no machine-readable twin in a job's log
(JUnit XML and ``--report-log`` are files, not output), and its format is stable.
Not fixable: whether the code or the test is wrong is a human decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from fixer.contract import MAX_TEXT, Hit, Parser, Sighting, shorten
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding

SUMMARY_BANNER = "short test summary info"
SUMMARY = re.compile(r"^(?P<outcome>FAILED|ERROR) (?P<node>\S.*?)(?: - (?P<message>.*))?$")
HEADER = re.compile(r"^_{3,} (?P<head>\S.*?) _{3,}$")
BANNER = re.compile(r"^(?:={3,}|!{3,})")
SECTIONS = re.compile(r"^={3,} (?P<name>FAILURES|ERRORS) ={3,}$")
PHASE = re.compile(r"^ERROR at (?P<phase>setup|teardown) of (?P<head>.+)$")
COLLECTING = "ERROR collecting "
E_LINE = re.compile(r"^E(?:\s+(?P<text>.*)|\s*)$")
# ``tests/test_x.py:16: AssertionError``, ``tests/test_x.py:8: in stock``, ``... :21: ``
LOCATION = re.compile(r"^(?P<path>[^\s:][^:]*?\.py):(?P<line>\d+):(?: (?P<rest>.*))?$")
XDIST = re.compile(r"^\[gw\d+\] ")
MAX_SECTION = 2000  # lines read of one test's section
MAX_TB_LINE = 5000  # lines read after a --tb=line banner
# Caps that keep a hostile log's memory flat: sections and --tb=line entries kept per job,
# locations kept per section (the first ones, where the test is, and the last, the crash)
MAX_SECTIONS = 5000
MAX_LOCATIONS = 16
EXCEPTION_TYPE = re.compile(r"^(?P<type>[A-Z_][\w.]*)(?::|$)")

KIND = "pytest.test-failed"
COLLECTION = "pytest.collection-error"
MISSING_MODULE = re.compile(r"^ModuleNotFoundError: No module named '(?P<module>[^']+)'")


@dataclass(slots=True)
class Section:
    """One test's section of the ``FAILURES`` / ``ERRORS`` report."""

    head: str
    header: Evidence
    exception: Evidence | None = None  # the first line of the last ``E`` block
    exception_text: str = ""  # that line without its ``E``
    locations: list[tuple[str, int, Evidence]] = field(default_factory=list)
    phase: str = ""  # "setup" / "teardown" for an error, "collect" for a module
    segment: int = 0
    command: str | None = None
    used: bool = False


class PytestParser(Parser):
    emits = frozenset({KIND, COLLECTION})
    rank = 70
    triggers = (b"__ ", b"FAILED ", b"ERROR ", b"= FAILURES =", b"= ERRORS =", b"test summary")

    def __init__(self) -> None:
        self.sections: dict[tuple[int, str], list[Section]] = {}
        self.order: list[Section] = []
        self.tb_lines: dict[tuple[int, str], list[tuple[str, int, Evidence]]] = {}
        self.tb_entries = 0
        self.summaries: set[int] = set()  # the segments that printed a short test summary
        self.job = ""

    def feed(self, hit: Hit) -> None:
        text = hit.text.rstrip()
        self.job = hit.job
        if SUMMARY_BANNER in text and BANNER.match(text):
            self.summaries.add(hit.segment)
            return
        match = SUMMARY.match(text)
        if match and hit.segment in self.summaries:
            self._summary(hit, match)
            return
        header = HEADER.match(text)
        if header:
            self._section(hit, header.group("head"))
            return
        banner = SECTIONS.match(text)
        if banner:
            self._tb_line(hit)

    # ------------------------------------------------------------ sections

    def _section(self, hit: Hit, head: str) -> None:
        phase = ""
        setup = PHASE.match(head)
        if setup:
            phase, head = setup.group("phase"), setup.group("head")
        elif head.startswith(COLLECTING):
            phase, head = "collect", head[len(COLLECTING) :]
        section = Section(
            head,
            hit.evidence(),
            phase=phase,
            segment=hit.segment,
            command=hit.command.script if hit.command else None,
        )
        block: Evidence | None = None
        for offset, raw in enumerate(hit.after(MAX_SECTION), start=1):
            line = raw.rstrip()
            if HEADER.match(line) or BANNER.match(line) or line.startswith("##["):
                break
            number = hit.line + offset
            e_line = E_LINE.match(line)
            if e_line:
                if block is None and e_line.group("text"):
                    block = hit.evidence(line, number)
                    section.exception, section.exception_text = block, e_line.group("text")
                continue
            block = None
            location = LOCATION.match(line)
            if location and not XDIST.match(line):
                evidence = hit.evidence(line, number)
                if len(section.locations) >= MAX_LOCATIONS:
                    section.locations.pop()
                section.locations.append((location["path"], int(location["line"]), evidence))
        if len(self.order) >= MAX_SECTIONS:
            return
        self.sections.setdefault((hit.segment, head), []).append(section)
        self.order.append(section)

    def _tb_line(self, hit: Hit) -> None:
        """``--tb=line``: an ``E`` block, then ``/path/x.py:16: <the message>``."""
        for offset, raw in enumerate(hit.after(MAX_TB_LINE), start=1):
            line = raw.rstrip()
            if HEADER.match(line):
                return  # the sections of another --tb: read from their headers
            if BANNER.match(line) or line.startswith("##["):
                return
            location = LOCATION.match(line)
            if location and location["rest"] and self.tb_entries < MAX_SECTIONS:
                self.tb_entries += 1
                evidence = hit.evidence(line, hit.line + offset)
                entry = (location["path"], int(location["line"]), evidence)
                self.tb_lines.setdefault((hit.segment, location["rest"]), []).append(entry)

    # ------------------------------------------------------------ summary

    def _summary(self, hit: Hit, match: re.Match[str]) -> None:
        node = match.group("node")
        message = (match.group("message") or "").strip()
        file, _, rest = node.partition("::")
        if not file.endswith(".py") and "/" not in file:
            return  # not a node id
        head = rest.replace("::", ".") if rest else file
        section = self._take(hit.segment, head)
        outcome = "failed" if match.group("outcome") == "FAILED" else "error"
        if section is None and not rest and outcome == "error":
            section = Section(file, hit.evidence(), phase="collect", segment=hit.segment)
        finding = self._finding(node, file, outcome, message, section, hit.segment)
        evidence: list[Evidence] = []
        if section is not None and section.exception is not None:
            evidence.append(section.exception)
        located = self._file_line(section, file, hit.segment, message)
        if located is not None and located[1] not in evidence:
            evidence.append(located[1])
        evidence.append(hit.evidence())
        hit.report(replace(finding, evidence=tuple(dict.fromkeys(evidence))))

    def _take(self, segment: int, head: str) -> Section | None:
        for section in self.sections.get((segment, head), []):
            if not section.used:
                section.used = True
                return section
        return None

    def _file_line(
        self, section: Section | None, file: str, segment: int, message: str
    ) -> tuple[int, Evidence] | None:
        """The test file's line the traceback passes through, and its location line."""
        entries = list(section.locations) if section is not None else []
        first = message.splitlines()[0] if message else ""
        if not entries and first:
            entries = self.tb_lines.get((segment, first), [])
        for path, line, evidence in entries:
            if path == file or path.endswith("/" + file):
                return line, evidence
        return None

    def _finding(
        self,
        node: str,
        file: str,
        outcome: str,
        message: str,
        section: Section | None,
        segment: int,
    ) -> Finding:
        exception = section.exception_text if section else ""
        if not exception:
            exception = message.splitlines()[0] if message else ""
        located = self._file_line(section, file, segment, message)
        line = located[0] if located else None
        details = {"node_id": node, "outcome": outcome}
        if exception:
            details["exception"] = shorten(exception, MAX_TEXT // 4)
            kind = exception_type(exception)
            if kind:
                details["exception_type"] = kind
        if section is not None and section.phase:
            details["phase"] = section.phase
        crash = _crash(section, segment, self.tb_lines, message)
        if crash and crash != f"{file}:{line}":
            details["crash"] = crash
        if section is not None and section.phase == "collect":
            return _collection(node, file, line, exception, details)
        phase = details.get("phase")
        what = "failed" if outcome == "failed" else f"errored{' at ' + phase if phase else ''}"
        said = f": {exception}" if exception else ""
        where = [f"{file}:{line}" if line else file]
        if "crash" in details:
            where.append(f"raised at {details['crash']}")
        fix = (
            f"Run `pytest '{node}'` and fix the code or the test"
            + (f": `{exception}`" if exception else "")
            + f" ({'; '.join(where)})."
        )
        return Finding(
            kind=KIND,
            tool="pytest",
            message=f"{node} {what}{said}",
            path=file,
            raw_path=file,
            line=line,
            fix=fix,
            details=details,
            ident=node,
        )

    # ------------------------------------------------------------ end of the job

    def finish(self, sightings: list[Sighting]) -> None:
        """Sections no summary line named (``-rN``): reported under their head line."""
        for section in self.order:
            if section.used or section.exception is None:
                continue  # named by a summary line, or no test's (tox's ``___ summary ___``)
            file = section.locations[0][0] if section.locations else ""
            node = f"{file}::{_node_tail(section.head)}" if file else section.head
            if section.phase == "collect":
                file = node = section.head
            finding = self._finding(
                node, file, "error" if section.phase else "failed", "", section, section.segment
            )
            evidence = tuple(e for e in (section.header, section.exception) if e is not None)
            seen = replace(
                finding,
                jobs=(self.job,),
                evidence=evidence,
                command=section.command,
                message=shorten(finding.message),
            )
            sightings.append(Sighting(seen, section.segment))


def _node_tail(head: str) -> str:
    """A section's head line as the end of a node id: ``TestX.test_y[a.b]`` ->
    ``TestX::test_y[a.b]``."""
    name, bracket, params = head.partition("[")
    return name.replace(".", "::") + bracket + params


def exception_type(exception: str) -> str:
    """The exception's class as the ``E`` line names it (``assert ...`` is an assertion)."""
    match = EXCEPTION_TYPE.match(exception)
    if match:
        return match.group("type")
    return "AssertionError" if exception.startswith("assert ") else ""


def _crash(
    section: Section | None,
    segment: int,
    tb_lines: dict[tuple[int, str], list[tuple[str, int, Evidence]]],
    message: str,
) -> str:
    """Where the exception was raised: the traceback's last location."""
    if section is not None and section.locations:
        path, line, _ = section.locations[-1]
        return f"{_relative(path)}:{line}"
    first = message.splitlines()[0] if message else ""
    entries = tb_lines.get((segment, first), [])
    if entries:
        path, line, _ = entries[0]
        return f"{_relative(path)}:{line}"
    return ""


def _relative(path: str) -> str:
    """A runner's absolute path (``--tb=line`` prints them) without its workspace."""
    return re.sub(r"^(?:/home/runner/work/[^/]+/[^/]+/|/__w/[^/]+/[^/]+/)", "", path)


def _collection(
    node: str, file: str, line: int | None, exception: str, details: dict[str, str]
) -> Finding:
    details = {k: v for k, v in details.items() if k != "outcome"}
    missing = MISSING_MODULE.match(exception)
    if missing:
        module = missing.group("module")
        details["missing_module"] = module
        fix = (
            f"Install `{module}` where the tests run: add the distribution that provides it"
            " to the dependencies the job installs"
            + (f" (it is imported at {details['crash']})" if "crash" in details else "")
            + "."
        )
    else:
        fix = f"Fix what importing `{file}` raises" + (f": `{exception}`." if exception else ".")
    said = f": {exception}" if exception else ""
    return Finding(
        kind=COLLECTION,
        tool="pytest",
        message=f"{file} could not be collected{said}",
        path=file,
        raw_path=file,
        line=line,
        fix=fix,
        details=details,
        ident=node,
    )


class PytestTestFailed(Kind):
    id = KIND
    title = "A failing test"
    parser = PytestParser
    recognizes = (
        "pytest: each failed or errored test by node id with its exception line (`E   ...`),"
        " from the short test summary and the `FAILURES` / `ERRORS` sections (`-q`, `-ra`,"
        " `--tb=long/short/line/no`, pytest-xdist)"
    )
    not_fixable = "whether the code or the test is wrong is a human decision; fixer changes neither"
