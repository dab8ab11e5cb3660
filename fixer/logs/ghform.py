"""``gh run view RUN --log`` / ``--log-failed`` output, read back as jobs and steps.

gh prints every line of every step's log file as ``job<TAB>step<TAB>line`` (the line as
the file holds it: timestamp, markers, the file's BOM on its first line), step by step;
when the archive has no step files for a job, it prints the job's whole log with the
step ``UNKNOWN STEP`` (cli/cli, ``pkg/cmd/run/view``). ``--log-failed`` keeps only the
failed steps of failed jobs. Logs pasted together may interleave jobs.

The text is indexed once: for every ``job<TAB>step<TAB>`` prefix, the byte ranges of its
runs of lines (a line without the two tabs belongs to the run it is in). Each job then
reads its steps' ranges in order with the prefix cut off, so the scanner sees each step
as the step file gh printed it from, and one job's or step's lines never mix with
another's. Cutting the prefix is one ``bytes.replace`` per chunk.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import IO

from fixer.logs.streams import CHUNK, chunk_stream

UNKNOWN_STEP = "UNKNOWN STEP"
LINE = re.compile(
    rb"[^\t\r\n]+\t[^\t\r\n]*\t(?:\xef\xbb\xbf)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"
)

HEADING = 64  # first lines looked at for a log's form (a note above it may fill some)
LONG = 1 << 16  # bytes of a line looked at for its prefix; a longer line goes in pieces
Ranges = dict[bytes, "array[int]"]  # prefix -> flat (start, end) byte offsets


@lru_cache(maxsize=64)
def _other_line(prefix: bytes) -> re.Pattern[bytes]:
    """The end of a line after which a line does not start with ``prefix``."""
    return re.compile(b"\n(?!" + re.escape(prefix) + b")")


def index(stream: IO[bytes]) -> Ranges:
    """The ranges of every prefix's lines, prefixes in the order they first appear."""
    ranges: Ranges = {}
    prefix: bytes | None = None
    start = base = 0
    rest = b""
    skipping = False  # inside a line longer than LONG, told by its start already
    while True:
        data = stream.read(CHUNK)
        if skipping and data:
            nl = data.find(b"\n")
            if nl < 0:
                base += len(data)
                continue
            base, data, skipping = base + nl + 1, data[nl + 1 :], False
        buf = rest + data if rest else data
        cut = len(buf) if not data else buf.rfind(b"\n") + 1
        pos = 0
        while pos < cut:
            if prefix is not None and buf.startswith(prefix, pos):
                found = _other_line(prefix).search(buf, pos, cut)
                pos = found.end() if found else cut
                continue
            nl = buf.find(b"\n", pos, cut)
            nl = cut if nl < 0 else nl
            tab = buf.find(b"\t", pos, nl)
            second = buf.find(b"\t", tab + 1, nl) if tab >= 0 else -1
            if second >= 0:
                if prefix is not None:
                    ranges.setdefault(prefix, array("q")).extend((start, base + pos))
                prefix, start = buf[pos : second + 1], base + pos
            pos = nl + 1
        base += cut
        rest = buf[cut:]
        if data and len(rest) > LONG:  # no prefix is this long: the line is told by its start
            if prefix is None or not rest.startswith(prefix):
                tab = rest.find(b"\t")
                second = rest.find(b"\t", tab + 1) if tab >= 0 else -1
                if second >= 0:
                    if prefix is not None:
                        ranges.setdefault(prefix, array("q")).extend((start, base))
                    prefix, start = rest[: second + 1], base
            base, rest, skipping = base + len(rest), b"", True
        if not data:
            break
    if prefix is not None:
        ranges.setdefault(prefix, array("q")).extend((start, base))
    return ranges


def jobs(ranges: Ranges) -> list[tuple[str, list[tuple[str | None, bytes]]]]:
    """(job, [(step or None for the whole job, prefix)]) in the order they first appear."""
    out: dict[str, list[tuple[str | None, bytes]]] = {}
    for prefix in ranges:
        job, step, _ = prefix.decode("utf-8", "replace").split("\t")
        out.setdefault(job, []).append((None if step == UNKNOWN_STEP else step, prefix))
    return list(out.items())


def reader(
    opener: Callable[[], IO[bytes]],
    spans: array[int],
    prefix: bytes,
    *,
    keep_open: bool = False,
    skip: int = 0,
) -> IO[bytes]:
    """The lines of ``spans`` in the text ``opener`` gives (``skip`` bytes in, past a
    BOM), without ``prefix``."""
    source = opener()

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(spans), 2):
            source.seek(skip + spans[i])
            left = spans[i + 1] - spans[i]
            rest = b""
            at_start = True  # whether the next piece starts a line
            while left > 0 or rest:
                data = source.read(min(CHUNK, left)) if left > 0 else b""
                left = left - len(data) if data else 0  # a file cut short ends the span
                buf = rest + data
                cut = buf.rfind(b"\n") + 1 if data else len(buf)
                if cut == 0 and len(buf) > LONG:
                    cut = len(buf)  # a line this long goes on in pieces
                if cut == 0:
                    rest = buf
                    continue
                piece, rest = buf[:cut], buf[cut:]
                if at_start and piece.startswith(prefix):
                    piece = piece[len(prefix) :]
                at_start = buf[cut - 1 : cut] == b"\n"
                yield piece.replace(b"\n" + prefix, b"\n")

    return chunk_stream(chunks(), (lambda: None) if keep_open else source.close)


# gh's lines with their tabs expanded to spaces, as a document that expands tabs (stops of
# 8) holds a pasted copy: ``test····Run pytest········2026-08-29T15:15:44.0286845Z ...``
EXPANDED = re.compile(
    rb"(?P<fields>[^\t\r\n]*?\S) +(?P<stamp>(?:\xef\xbb\xbf)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"
    rb"(?:\.\d+)?Z)"
)
TAB = 8


def _expanded_fields(line: bytes) -> tuple[str, int] | None:
    """The job and step's text of a gh line with expanded tabs, and where its timestamp
    starts; None when it is no such line (its timestamp is not at a tab stop)."""
    match = EXPANDED.match(line)
    if match is None:
        return None
    fields = line[: match.start("stamp")].decode("utf-8", "replace")
    return (fields, match.start("stamp")) if len(fields) % TAB == 0 else None


def expanded(head: bytes) -> bool:
    """Whether ``head`` is gh's output with its tabs expanded: the runner's markers, and
    four in five of its first lines gh's lines with a timestamp at a tab stop (a note
    above the log may hold the rest)."""
    if b"##[" not in head:
        return False
    lines = [line for line in head.split(b"\n", HEADING)[:HEADING] if line.strip()]
    found = sum(1 for line in lines if _expanded_fields(line) is not None)
    return len(lines) >= 3 and found * 5 >= len(lines) * 4


def _tab(line: bytes) -> bytes:
    """``line`` with gh's two tabs back, when it is a gh line with expanded tabs: the job
    ends at the first tab stop that follows a space, the step where the timestamp's
    spaces start. (A job whose name has a space before a tab stop is cut there: its
    lines stay together, under a shorter name.)"""
    found = _expanded_fields(line)
    if found is None:
        return line
    fields, stamp = found
    end = len(fields.rstrip())
    stop = next((i for i in range(TAB, end, TAB) if fields[i - 1] == " "), None)
    job, step = (fields[:stop], fields[stop:]) if stop else (fields, UNKNOWN_STEP)
    return f"{job.rstrip()}\t{step.rstrip()}\t".encode() + line[stamp:]


def tabbed(stream: IO[bytes]) -> Iterator[bytes]:
    """The chunks of gh's output with expanded tabs (:func:`expanded`), its tabs put back
    (:func:`_tab`); other lines are kept as they are. A line longer than :data:`LONG`
    goes on in pieces as it is, so memory stays flat whatever the line."""
    rest, at_start = b"", True
    while data := stream.read(CHUNK):
        buf = rest + data
        out: list[bytes] = []
        pos = 0
        while (nl := buf.find(b"\n", pos)) >= 0:
            line = buf[pos : nl + 1]
            out.append(_tab(line) if at_start else line)
            at_start, pos = True, nl + 1
        rest = buf[pos:]
        if len(rest) > LONG:  # no gh line is this long: its start is converted, the rest kept
            out.append(_tab(rest) if at_start else rest)
            rest, at_start = b"", False
        yield b"".join(out)
    if rest:
        yield _tab(rest) if at_start else rest
