"""What a log file or standard input holds, told from its first bytes.

- **Encoding.** A BOM announces UTF-16 (what Windows PowerShell's ``>`` writes), UTF-32,
  GB18030 or UTF-7; such a log is read as UTF-8 from there on. UTF-16 without a BOM
  shows as a NUL in every other byte. An encoding no codec reads (UTF-EBCDIC, SCSU,
  BOCU-1, UTF-1) is bad input with a message that says so.
- **Form.** ``gh run view --log`` output (``job<TAB>step<TAB>timestamp text``, see
  :mod:`fixer.logs.ghform`); a copy of the web UI (no timestamps, ``Run`` headers, see
  :mod:`fixer.logs.webui`); else a job's log as the runner writes it (the archive's job
  files, the jobs API's plain text) or a tool's own output. The form is told by the
  first line that is a runner's or gh's, so that a log saved under a note (the markdown
  heading of a write-up) is read in its form; gh's output whose tabs a document expanded
  to spaces is read as gh's (:func:`fixer.logs.ghform.expanded`).
- **Nothing.** An empty log, or one of only blank lines, is bad input: it is not a run
  that passed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Literal

from fixer.errors import BadInput
from fixer.logs import ghform, webui
from fixer.logs.streams import chunk_stream, lines_of, read_head, transcoded, with_head

HEAD = 256 << 10  # what is looked at to tell the form
UTF8_BOM = b"\xef\xbb\xbf"
_CODECS = (  # longest first: UTF-32 LE starts like UTF-16 LE
    (b"\x00\x00\xfe\xff", "utf-32-be", 4),
    (b"\xff\xfe\x00\x00", "utf-32-le", 4),
    (b"\xfe\xff", "utf-16-be", 2),
    (b"\xff\xfe", "utf-16-le", 2),
    (b"\x84\x31\x95\x33", "gb18030", 4),
    (b"+/v8", "utf-7", 0),  # the BOM's bits run on into the next character
    (b"+/v9", "utf-7", 0),
    (b"+/v+", "utf-7", 0),
    (b"+/v/", "utf-7", 0),
)
_UNREADABLE = (
    (b"\xdd\x73\x66\x73", "UTF-EBCDIC"),
    (b"\x0e\xfe\xff", "SCSU"),
    (b"\xfb\xee\x28", "BOCU-1"),
    (b"\xf7\x64\x4c", "UTF-1"),
)
_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")

Form = Literal["runner", "web", "gh"]


@dataclass(frozen=True, slots=True)
class Plain:
    """A log file or standard input, recognized: its form and its text as UTF-8."""

    form: Form
    stream: IO[bytes]  # from the first byte after a BOM
    as_stored: bool  # the stream's bytes are the file's own, from offset ``skip``
    skip: int


def codec_of(label: str, head: bytes) -> tuple[str, int] | None:
    """The codec and BOM length of a log that is not UTF-8, from its first bytes."""
    for bom, codec, length in _CODECS:
        if head.startswith(bom):
            return codec, length
    for bom, name in _UNREADABLE:
        if head.startswith(bom):
            message = f"the log is in {name}, which fixer cannot read (save it as UTF-8)"
            raise BadInput(f"{label}: {message}")
    sample = head[:4096]
    pairs = len(sample) // 2
    if pairs >= 8:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd >= pairs * 0.9 and even < pairs * 0.1:
            return "utf-16-le", 0
        if even >= pairs * 0.9 and odd < pairs * 0.1:
            return "utf-16-be", 0
    return None


def _first_line(text: bytes) -> bytes:
    """The log's first line: the first that is a runner's or gh's among the first
    :data:`~fixer.logs.ghform.HEADING` (a log pasted under a note, such as the markdown of
    a write-up that saved it, starts below the note); else the first line."""
    lines = text.lstrip(b"\r\n\t ").split(b"\n", ghform.HEADING)[: ghform.HEADING]
    for line in lines:
        bare = line.removeprefix(UTF8_BOM)
        if _TIMESTAMP.match(bare) or ghform.LINE.match(bare):
            return line
    return lines[0]


def recognize(label: str, stream: IO[bytes]) -> Plain:
    """Tell ``stream``'s encoding and form; raise BadInput when it holds nothing."""
    head = read_head(stream, HEAD)
    codec = codec_of(label, head)
    skip = 0
    if codec is not None:
        stream = transcoded(with_head(head, stream), *codec)
        head = read_head(stream, HEAD)
    elif head.startswith(UTF8_BOM):
        skip = len(UTF8_BOM)
    body = head[skip:]
    if not body.strip() and len(head) < HEAD:
        stream.close()
        raise BadInput(f"{label}: empty log")
    stream = with_head(body, stream)
    first = _first_line(body)
    if ghform.LINE.match(first):
        return Plain("gh", stream, codec is None, skip)
    if not _TIMESTAMP.match(first.removeprefix(UTF8_BOM)) and ghform.expanded(body):
        tabbed = chunk_stream(ghform.tabbed(stream), stream.close)
        return Plain("gh", tabbed, False, skip)
    if not _TIMESTAMP.match(first.removeprefix(UTF8_BOM)) and webui.looks_like_web_text(body):
        web = chunk_stream(webui.runner_form(lines_of(stream)), stream.close)
        return Plain("web", web, False, skip)
    return Plain("runner", stream, codec is None, skip)


def _open_at(path: Path, offset: int) -> IO[bytes]:
    stream = path.open("rb")
    stream.seek(offset)
    return stream


PartSpec = tuple[str | None, Callable[[], IO[bytes]], str]  # step, opener, label
SPOOL = 32 << 20  # standard input or a re-encoded gh log is kept in memory up to this


def plain_logs(
    label: str, name: str, stream: IO[bytes], path: Path | None
) -> Iterator[tuple[str, bool, list[PartSpec]]]:
    """The jobs of a log file (``path``, when it can be read again) or of standard input:
    (job, whether the name is the log's own, its parts)."""
    plain = recognize(label, stream)
    if plain.form == "runner" and path is not None and plain.as_stored:
        plain.stream.close()  # read again from the file: no copy through the head's stream
        yield name, False, [(None, partial(_open_at, path, plain.skip), label)]
        return
    if plain.form != "gh":
        yield name, False, [(None, lambda: plain.stream, label)]
        return
    opener: Callable[[], IO[bytes]]
    if path is not None and plain.as_stored:
        ranges = ghform.index(plain.stream)
        plain.stream.close()
        opener, keep, skip = (lambda: path.open("rb")), False, plain.skip
    else:  # read once: keep it to read each job's lines from
        spool = tempfile.SpooledTemporaryFile(SPOOL)  # noqa: SIM115  # the jobs read it later
        with plain.stream:
            shutil.copyfileobj(plain.stream, spool, 1 << 20)
        spool.seek(0)
        ranges = ghform.index(spool)
        opener, keep, skip = (lambda: spool), True, 0
    for job, steps in ghform.jobs(ranges):
        parts: list[PartSpec] = [
            (step, partial(ghform.reader, opener, ranges[p], p, keep_open=keep, skip=skip), label)
            for step, p in steps
        ]
        yield job, True, parts
