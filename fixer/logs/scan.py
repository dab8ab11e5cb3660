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
from itertools import islice
from typing import IO

import ahocorasick_rs

from fixer.contract import Hit, Parser, Segment, Sighting
from fixer.errors import BadInput
from fixer.logs.normalize import BOM, ENDGROUP, GROUP_RUN, normalize, parse_group
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

_EXIT = re.compile(r"^##\[error\]Process completed with exit code (\d+)\.")
CANCELED = "##[error]The operation was canceled."
JOB_NAME = "Complete job name: "
CORE_TRIGGERS = (b"##[", JOB_NAME.encode())
_ERRORISH = re.compile(r"error|Error|ERROR|FAIL|fatal|Traceback|Exception|failed")


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

    def after(self, stop: int) -> Iterator[str]:
        """The lines after the one ending at ``stop``, lazily, up to the buffer's end."""
        pos, data = stop + 1, self.buf
        while pos < len(data):
            nxt = data.find(b"\n", pos)
            nxt = len(data) if nxt < 0 else nxt
            yield normalize(data[pos:nxt])
            pos = nxt + 1


class Scanner:
    """Scans jobs with a fixed set of parser classes."""

    def __init__(self, parsers: Sequence[type[Parser]]) -> None:
        self.parser_types = tuple(parsers)
        literals: list[bytes] = list(CORE_TRIGGERS)
        self._owners: list[list[int]] = [[], []]
        for index, cls in enumerate(self.parser_types):
            for trigger in cls.triggers:
                if trigger not in literals:
                    literals.append(trigger)
                    self._owners.append([])
                self._owners[literals.index(trigger)].append(index)
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            literals, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_FIRST
        )

    def scan(self, job: JobLog) -> JobScan:
        return _JobScanner(self, job).run()


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

    def run(self) -> JobScan:
        for part in self.job.parts:
            self.part_step, self.label = part.step, part.label
            self.segments.append(Segment(part.step, None, self.lineno))
            try:
                with part.open() as stream:
                    self._scan_stream(stream)
            except (OSError, EOFError, ValueError, zlib.error) as exc:
                raise BadInput(f"{part.label}: cannot read the log ({exc})") from None
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
        counted = 0
        line_end = -1
        owners: set[int] = set()
        start = 0
        view = memoryview(buf)[:end]
        for pattern, pos, _ in self.scanner._automaton.find_matches_as_indexes(view):
            if pos < line_end:
                owners.add(pattern)
                continue
            if owners:
                self.lineno += buf.count(b"\n", counted, start)
                counted = start
                self._dispatch(window, buf, start, line_end, owners)
            start = buf.rfind(b"\n", 0, pos) + 1
            line_end = buf.find(b"\n", pos, end)
            line_end = end if line_end < 0 else line_end
            owners = {pattern}
        if owners:
            self.lineno += buf.count(b"\n", counted, start)
            counted = start
            self._dispatch(window, buf, start, line_end, owners)
        self.lineno += buf.count(b"\n", counted, end)

    def _dispatch(
        self, window: _Window, buf: bytes, start: int, stop: int, owners: set[int]
    ) -> None:
        text = normalize(buf[start:stop])
        if 0 in owners or 1 in owners:
            self._marker(window, text, start, stop)
        seg = self.segments[-1]
        hit = Hit(
            text,
            self.lineno,
            self.name,
            seg.step,
            seg.command,
            len(self.segments) - 1,
            lambda n: window.before(start, n),
            lambda n: list(islice(window.after(stop), n)),
        )
        called: set[int] = set()
        if sum(map(len, self.sinks)) >= MAX_SIGHTINGS:
            self.capped = True
            return
        for pattern in owners:
            for index in self.scanner._owners[pattern]:
                if index not in called:
                    called.add(index)
                    hit.sink = self.sinks[index]
                    self.parsers[index].feed(hit)

    def _marker(self, window: _Window, text: str, start: int, stop: int) -> None:
        if text.startswith(JOB_NAME):
            if not self.job.named_by_source:
                self.name = text[len(JOB_NAME) :].strip()
            return
        if not text.startswith("##["):
            return
        self.has_markers = True
        seg = self.segments[-1]
        if text.startswith(GROUP_RUN):
            block, size = [text], len(text)
            for line in islice(window.after(stop), GROUP_LINES):
                size += len(line)
                if line.startswith(ENDGROUP) or size > MAX_GROUP:
                    break
                block.append(line)
            command = parse_group(block)
            if seg.command is None and seg.step is not None:
                seg.command = command  # the first command of a step file
            elif len(self.segments) >= MAX_SEGMENTS:
                self.segments_capped = True
                return
            else:
                step = self.part_step or f"Run {command.first_line}"
                self.segments.append(Segment(step, command, self.lineno))
        elif text.startswith("##[error]"):
            self._error(window, text, start, seg)

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
