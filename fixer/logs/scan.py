"""Read a job's log as a stream and hand the interesting lines to the parsers.

The log is read in chunks of a few MiB. All parsers' trigger literals are searched at
once with an Aho-Corasick automaton (SIMD-accelerated), so the cost per byte is close
to ``grep``'s; only the lines holding a trigger are decoded and normalized. Memory
stays bounded: one chunk, a look-ahead margin and a look-behind history.

The scanner itself follows the runner's markers: ``##[group]Run`` starts a command
(a *segment* of the job), ``##[error]Process completed with exit code N.`` marks its
failure, ``##[error]The operation was canceled.`` its cancellation.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import IO

import ahocorasick_rs

from fixer.contract import Hit, Parser, Segment, Sighting
from fixer.errors import BadInput
from fixer.logs.normalize import (
    BOM,
    ENDGROUP,
    GROUP_RUN,
    normalize,
    normalize_lines,
    parse_group,
)
from fixer.logs.sources import JobLog
from fixer.model import Finding

CHUNK = 4 << 20
MARGIN = 128 << 10  # bytes kept available after a line for look-ahead
HISTORY = 128 << 10  # bytes kept before the unprocessed data for look-behind
GROUP_LINES = 400  # the longest ``##[group]Run`` block read for a command
ERROR_CONTEXT = 40  # lines looked at before a failure marker
# Caps that keep a hostile log's memory flat, whatever its number of lines:
MAX_SIGHTINGS = 5000  # sightings kept per job; later trigger lines are not parsed
MAX_SEGMENTS = 2000  # commands per job; a later ``##[group]Run`` belongs to the last one
MAX_ERRORS = 64  # ``##[error]`` lines kept per command (the latest ones)
MAX_GROUP = 16 << 10  # characters of a ``##[group]Run`` block read for its command
GROUP_PEEK = 8 << 10  # bytes after a ``##[group]Run`` line searched for its end at once

_EXIT = re.compile(r"^##\[error\]Process completed with exit code (\d+)\.")
CANCELED = "##[error]The operation was canceled."
JOB_NAME = "Complete job name: "
# The scanner's own triggers, patterns 0, 1 and 2 of the automaton; a bit each in ``core``
GROUP_RUN_B = GROUP_RUN.encode()
CORE_TRIGGERS = (GROUP_RUN_B, b"##[error]", JOB_NAME.encode())
_GROUP, _ERROR, _NAME = 1, 2, 4
MARKER = b"##["
_ENDGROUP = ENDGROUP.encode()
_ERRORISH = re.compile(r"error|Error|ERROR|FAIL|fatal|Traceback|Exception|failed")
# what may stand before a line's text: a BOM, the timestamp, colour escapes
_TEXT_HEAD = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?)?"
    rb"(?:\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()*+][ -~]|\x1b[@-Z\\-_])*"
)


@dataclass(slots=True)
class JobScan:
    name: str
    sightings: list[Sighting]
    segments: list[Segment]
    lines: int
    has_markers: bool  # False for a plain tool output without the runner's frames
    identity: tuple[str | int, ...] = ()  # the name, each part's size and first chunk's CRC
    capped: tuple[str, ...] = ()  # what a cap left out of this job, one sentence each


class _Window:
    """The bytes around the lines being processed: history + current buffer."""

    def __init__(self, history: bytes, buf: bytes, end: int) -> None:
        self.history, self.buf, self.end = history, buf, end

    def before(self, start: int, n: int) -> list[str]:
        out: list[bytes] = []
        data, pos = self.buf, start
        while len(out) < n:
            if pos <= 0:
                if data is self.history or not self.history:
                    break
                data, pos = self.history, len(self.history)
            prev = data.rfind(b"\n", 0, pos - 1) + 1
            out.append(data[prev : pos - 1] if pos > 0 else b"")
            pos = prev
        return [normalize(b) for b in reversed(out)]

    def after(self, stop: int, until: bytes | None = None) -> Iterator[str]:
        """The lines after the one ending at ``stop``, lazily, up to the buffer's end.

        They are normalized a block at a time, the blocks growing; with ``until``, a block
        ends at the first line that holds it (where the caller will likely stop)."""
        data, pos, size, step = self.buf, stop + 1, len(self.buf), 2048
        while pos < size:
            high = min(size, pos + step)
            if until is not None:
                found = data.find(until, pos, high)
                high = high if found < 0 else found + len(until)
            nl = data.find(b"\n", max(high - 1, pos))
            nl = size if nl < 0 else nl
            yield from normalize_lines(data[pos:nl])
            pos, step = nl + 1, min(step * 4, 256 << 10)


class Scanner:
    """Scans jobs with a fixed set of parser classes.

    Every parser's ``triggers`` (anywhere in a line) and ``line_triggers`` (at the start
    of the line's text) and the scanner's own go into one automaton, run over each chunk;
    a line is decoded and normalized only when it holds one of them, and handed to the
    parsers whose triggers it holds.
    """

    def __init__(self, parsers: Sequence[type[Parser]]) -> None:
        self.parser_types = tuple(parsers)
        literals: list[bytes] = list(CORE_TRIGGERS)
        owners: list[list[tuple[int, bool]]] = [[] for _ in literals]
        for index, cls in enumerate(self.parser_types):
            for anchored, triggers in ((False, cls.triggers), (True, cls.line_triggers)):
                for trigger in triggers:
                    if trigger not in literals:
                        literals.append(trigger)
                        owners.append([])
                    owners[literals.index(trigger)].append((index, anchored))
        self._literals = tuple(literals)
        self._owners = tuple(tuple(o) for o in owners)
        # the search reports matches that do not overlap: what each literal's match may hide
        self._hidden = tuple(_hidden(lit, literals) for lit in literals)
        self._automata = _automata(literals, 0)
        # once a job has all the commands it keeps, ``##[group]Run`` is no longer searched
        self._past_commands = _automata(literals, 1)

    def scan(self, job: JobLog) -> JobScan:
        return _JobScanner(self, job).run()


# The most literals one automaton takes while keeping its SIMD prefilter (Teddy): with 65
# the search of the real-format log is 4.6 times slower (0.17 s against 0.037 s per 100 MB).
AUTOMATON_LITERALS = 64

Automata = tuple[tuple[ahocorasick_rs.BytesAhoCorasick, int], ...]


def _automata(literals: Sequence[bytes], first: int) -> Automata:
    """Automata that together search ``literals[first:]``, each with its first literal's
    index: as few as keep every one within :data:`AUTOMATON_LITERALS`, of even sizes."""
    wanted = literals[first:]
    count = -(-len(wanted) // AUTOMATON_LITERALS)
    size = max(1, -(-len(wanted) // max(count, 1)))
    return tuple(
        (
            ahocorasick_rs.BytesAhoCorasick(
                wanted[at : at + size], matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_FIRST
            ),
            first + at,
        )
        for at in range(0, len(wanted), size)
    )


def _matches(automata: Automata, view: memoryview) -> Iterator[tuple[int, int]]:
    """(literal, position) of every match of ``automata`` in ``view``, by position."""
    if len(automata) == 1:
        automaton, base = automata[0]
        return ((base + i, pos) for i, pos, _ in automaton.find_matches_as_indexes(view))
    found = [
        (pos, base + i)
        for automaton, base in automata
        for i, pos, _ in automaton.find_matches_as_indexes(view)
    ]
    found.sort()
    return ((i, pos) for pos, i in found)


# Bytes searched by one call of the automata: a call's matches come back as one list, so a
# chunk full of trigger literals (4 MiB of ": error: ") would hold half a million at once.
BATCH = 512 << 10


def _batched(automata: Automata, buf: bytes, end: int) -> Iterator[tuple[int, int]]:
    """:func:`_matches` over ``buf[:end]``, searched in slices of about :data:`BATCH` bytes
    that end at a line's end (no literal holds a newline but as its last byte)."""
    view, at = memoryview(buf), 0
    while at < end:
        stop = end if end - at <= BATCH else (buf.find(b"\n", at + BATCH, end) + 1 or end)
        for pattern, pos in _matches(automata, view[at:stop]):
            yield pattern, pos + at
        at = stop


def _hidden(literal: bytes, literals: Sequence[bytes]) -> tuple[tuple[int, int, bool], ...]:
    """The other literals a match of ``literal`` may hide, as (index, offset, certain):
    those inside it (``certain``: its match is theirs too) and those that start inside it
    and go on past its end (there when the bytes that follow match)."""
    out: list[tuple[int, int, bool]] = []
    for index, other in enumerate(literals):
        if other == literal:
            continue
        # only where ``other``'s first byte is can it start
        offset = literal.find(other[:1])
        while offset != -1:
            if literal[offset : offset + len(other)] == other[: len(literal) - offset]:
                out.append((index, offset, offset + len(other) <= len(literal)))
            offset = literal.find(other[:1], offset + 1)
    return tuple(out)


class _JobScanner:
    def __init__(self, scanner: Scanner, job: JobLog) -> None:
        self.scanner = scanner
        self.job = job
        self.name = job.name
        self.parsers = [cls() for cls in scanner.parser_types]
        self.sinks: list[list[Sighting]] = [[] for _ in self.parsers]
        self.segments: list[Segment] = []
        self.part_step: str | None = None
        self.label = job.name
        self.lineno = 1  # number of the first line of the unprocessed data
        self.has_markers = False
        self.identity: list[int] = []
        self.capped = False  # True when MAX_SIGHTINGS stopped the parsers
        self.segments_capped = False  # True when MAX_SEGMENTS merged later commands
        self.name_line: bytes | None = None  # the last ``Complete job name:`` line

    def run(self) -> JobScan:
        for part in self.job.parts:
            self.part_step, self.label = part.step, part.label
            self.segments.append(Segment(part.step, None, self.lineno))
            try:
                with part.open() as stream:
                    self._scan_stream(stream)
            except (OSError, EOFError, ValueError, zlib.error) as exc:
                raise BadInput(f"{part.label}: cannot read the log ({exc})") from None
        text = normalize(self.name_line) if self.name_line is not None else ""
        if text.startswith(JOB_NAME):
            self.name = text[len(JOB_NAME) :].strip()
        sightings: list[Sighting] = []
        for parser, sink in zip(self.parsers, self.sinks, strict=True):
            parser.finish(sink)
            sightings += sink
        for s in sightings:
            if s.finding.jobs != (self.name,):
                s.finding = _rename(s.finding, self.name)
        return JobScan(
            self.name,
            sightings,
            self.segments,
            self.lineno - 1,
            self.has_markers,
            (self.name, *self.identity),
            self._capped(),
        )

    def _capped(self) -> tuple[str, ...]:
        out = []
        if self.capped:
            out.append(
                f"job {self.name!r}: only its first {MAX_SIGHTINGS:,} error lines were read; "
                "later ones may hold causes that are not listed"
            )
        if self.segments_capped:
            out.append(
                f"job {self.name!r}: more than {MAX_SEGMENTS:,} commands; the later ones are "
                "read as part of the last"
            )
        return tuple(out)

    def _scan_stream(self, stream: IO[bytes]) -> None:
        history, pending, first, size = b"", b"", True, 0
        while True:
            data = stream.read(CHUNK)
            size += len(data)
            if first:
                data = data.removeprefix(BOM)
                first = False
                if looks_binary(data[:4096]):
                    raise BadInput(f"{self.label}: binary data, not a log")
                self.identity.append(zlib.crc32(data))
            eof = not data
            buf = pending + data if pending else data
            if eof:
                self.identity.append(size)
                if buf:
                    self._process(_Window(history, buf, len(buf)), buf, len(buf))
                    self.lineno += not buf.endswith(b"\n")
                return
            end = self._cut(buf)
            if end is None:
                pending = buf
                continue
            self._process(_Window(history, buf, end), buf, end)
            history = (
                (history + buf[:end])[-HISTORY:] if end < HISTORY else buf[end - HISTORY : end]
            )
            pending = buf[end:]

    @staticmethod
    def _cut(buf: bytes) -> int | None:
        """Where processing of ``buf`` stops: after the last full line, keeping a margin."""
        limit = len(buf) - MARGIN
        if limit <= 0:
            return None
        nl = buf.rfind(b"\n", 0, limit)
        if nl < 0:
            return limit if len(buf) > CHUNK * 2 else None  # an endless line: cut it
        return nl + 1

    def _process(self, window: _Window, buf: bytes, end: int) -> None:
        """Hand every line of ``buf[:end]`` that holds a trigger to its owners."""
        if not self.has_markers:
            self.has_markers = _has_line_start(buf, end, MARKER)
        seg = self.segments[-1]
        if len(self.segments) < MAX_SEGMENTS or (seg.command is None and seg.step is not None):
            automata = self.scanner._automata
        else:
            automata = self.scanner._past_commands
            self.segments_capped = self.segments_capped or _has_line_start(buf, end, GROUP_RUN_B)
        counted = 0
        start = 0
        line_end = -1
        found: list[tuple[int, int]] = []  # (pattern, position) on the current line
        for pattern, pos in _batched(automata, buf, end):
            if start <= pos < line_end:
                found.append((pattern, pos))
                continue
            if found:
                self.lineno += buf.count(b"\n", counted, start)
                counted = start
                self._line(window, buf, start, line_end, found)
            start = buf.rfind(b"\n", 0, pos) + 1
            line_end = buf.find(b"\n", pos, end)
            line_end = end if line_end < 0 else line_end
            found = [(pattern, pos)]
        if found:
            self.lineno += buf.count(b"\n", counted, start)
            counted = start
            self._line(window, buf, start, line_end, found)
        self.lineno += buf.count(b"\n", counted, end)

    def _line(
        self, window: _Window, buf: bytes, start: int, stop: int, found: list[tuple[int, int]]
    ) -> None:
        """One line (``buf[start:stop]``) with the triggers ``found`` in it."""
        scanner = self.scanner
        core = 0
        owners: list[int] = []
        for pattern, pos in found:
            if pattern < len(CORE_TRIGGERS):
                core |= 1 << pattern
            for index, anchored in scanner._owners[pattern]:
                if index not in owners and (not anchored or _starts_text(buf, start, pos)):
                    owners.append(index)
            for other, offset, certain in scanner._hidden[pattern]:
                at = pos + offset
                if certain or buf.startswith(scanner._literals[other], at, window.end):
                    core |= 1 << other if other < len(CORE_TRIGGERS) else 0
                    for index, anchored in scanner._owners[other]:
                        if index not in owners and (not anchored or _starts_text(buf, start, at)):
                            owners.append(index)
        text = self._core(window, buf, start, stop, core) if core else None
        if not owners:
            return
        if sum(map(len, self.sinks)) >= MAX_SIGHTINGS:
            self.capped = True
            return
        seg = self.segments[-1]
        hit = Hit(
            normalize(buf[start:stop]) if text is None else text,
            self.lineno,
            self.name,
            seg.step,
            seg.command,
            len(self.segments) - 1,
            lambda n: window.before(start, n),
            lambda n: list(islice(window.after(stop), n)),
        )
        for index in owners:
            hit.sink = self.sinks[index]
            self.parsers[index].feed(hit)

    def _core(self, window: _Window, buf: bytes, start: int, stop: int, core: int) -> str | None:
        """Follow the runner's markers on a line; its text, when it had to be read."""
        text: str | None = None
        seg = self.segments[-1]
        named = core & _NAME and not self.job.named_by_source
        if named and _starts_text(buf, start, buf.find(CORE_TRIGGERS[2], start, stop)):
            self.name_line = buf[start:stop]  # only the last one names the job: read at the end
        if core & _GROUP:
            if (seg.command is None and seg.step is not None) or len(self.segments) < MAX_SEGMENTS:
                text = self._group(window, start, stop, seg)
            elif not self.segments_capped:
                self.segments_capped = _starts_text(buf, start, buf.find(GROUP_RUN_B, start, stop))
        if core & _ERROR:
            text = normalize(buf[start:stop]) if text is None else text
            if text.startswith("##[error]"):
                self._error(window, text, start, seg)
        return text

    def _group(self, window: _Window, start: int, stop: int, seg: Segment) -> str:
        """Read the command of the ``##[group]Run`` line ``buf[start:stop]``; its text."""
        data = window.buf
        rest: Iterator[str]
        found = data.find(_ENDGROUP, stop, stop + GROUP_PEEK)
        if found >= 0:  # the usual block: normalized at once, with its header
            nl = data.find(b"\n", found)
            nl = len(data) if nl < 0 else nl
            lines = normalize_lines(data[start:nl])
            text, rest = lines[0], chain(islice(lines, 1, None), window.after(nl))
        else:
            text, rest = normalize(data[start:stop]), window.after(stop, _ENDGROUP)
        if not text.startswith(GROUP_RUN):
            return text
        block, size = [text], len(text)
        for line in islice(rest, GROUP_LINES):
            size += len(line)
            if line.startswith(ENDGROUP) or size > MAX_GROUP:
                break
            block.append(line)
        command = parse_group(block)
        if seg.command is None and seg.step is not None:
            seg.command = command  # the first command of a step file
        else:
            step = self.part_step or f"Run {command.first_line}"
            self.segments.append(Segment(step, command, self.lineno))
        return text

    def _error(self, window: _Window, text: str, start: int, seg: Segment) -> None:
        exit_match = _EXIT.match(text)
        if exit_match:
            seg.exit_code = int(exit_match.group(1))
        elif text == CANCELED:
            seg.cancelled = True
        else:
            _keep(seg.errors, [(self.lineno, text[:2000])])
            return
        if seg.error_line is not None:  # a second end of one command: the segments are capped
            return
        seg.error_line = self.lineno
        before = window.before(start, ERROR_CONTEXT)
        first = self.lineno - len(before)
        picked = [(first + i, t) for i, t in enumerate(before) if t.strip()]
        errorish = [p for p in picked if _ERRORISH.search(p[1])]
        _keep(seg.errors, (errorish or picked)[-8:])


def _starts_text(buf: bytes, start: int, pos: int) -> bool:
    """Whether ``buf[pos:]`` begins the text of the line that starts at ``start``."""
    return pos == start or _TEXT_HEAD.fullmatch(buf, start, pos) is not None


def _has_line_start(buf: bytes, end: int, literal: bytes) -> bool:
    """Whether the text of a line of ``buf[:end]`` starts with ``literal``."""
    pos = buf.find(literal, 0, end)
    while pos >= 0:
        start = buf.rfind(b"\n", 0, pos) + 1
        if _starts_text(buf, start, pos):
            return True
        pos = buf.find(literal, pos + 1, end)
    return False


def _keep(errors: list[tuple[int, str]], new: list[tuple[int, str]]) -> None:
    """Add ``new`` to a command's error lines, keeping the latest ``MAX_ERRORS``."""
    if len(errors) + len(new) > MAX_ERRORS:
        del errors[: MAX_ERRORS // 2]
    errors.extend((line, text[:2000]) for line, text in new)


_BINARY = bytes(c for c in range(32) if chr(c) not in "\t\n\r\x1b\x0c")


def looks_binary(sample: bytes) -> bool:
    """Whether a log's first bytes are mostly not text (a few NULs are fine: real logs
    hold them)."""
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _BINARY))
    return controls > len(sample) // 10


def _rename(finding: Finding, name: str) -> Finding:
    evidence = tuple(replace(e, job=name) for e in finding.evidence)
    return replace(finding, jobs=(name,), evidence=evidence)
