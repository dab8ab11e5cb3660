"""Byte streams that a log's form is read through: a head put back, chunks made a stream.

A log file or standard input is read once: its first bytes are looked at to tell its
form and encoding, then put back in front of the rest (:func:`with_head`). A form that
changes the bytes (another encoding, a web-UI copy) is a generator of chunks, made a
stream again by :func:`chunk_stream`, so the scanner reads every form the same way.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from typing import IO

CHUNK = 1 << 20


class _Chunks(io.RawIOBase):
    """A raw stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes], on_close: Callable[[], None]) -> None:
        self._chunks = chunks
        self._rest = memoryview(b"")
        self._on_close = on_close

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._rest:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._rest = memoryview(chunk)
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n

    def close(self) -> None:
        if not self.closed:
            self._on_close()
        super().close()


def chunk_stream(chunks: Iterator[bytes], on_close: Callable[[], None] = lambda: None) -> IO[bytes]:
    """A buffered binary stream that reads ``chunks`` in order; closing it calls
    ``on_close`` (to close what the chunks come from)."""
    return io.BufferedReader(_Chunks(chunks, on_close), CHUNK)


def read_head(stream: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes from the start of ``stream`` (a pipe may hand them in pieces)."""
    parts: list[bytes] = []
    got = 0
    while got < size:
        data = stream.read(size - got)
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b"".join(parts)


def with_head(head: bytes, stream: IO[bytes]) -> IO[bytes]:
    """``stream`` with the bytes already read from it put back in front."""

    def chunks() -> Iterator[bytes]:
        yield head
        while data := stream.read(CHUNK):
            yield data

    return chunk_stream(chunks(), stream.close)


def transcoded(stream: IO[bytes], codec: str, skip: int) -> IO[bytes]:
    """``stream`` in ``codec`` (its first ``skip`` bytes, the BOM, dropped) as UTF-8.
    Bytes that are not valid in ``codec`` become U+FFFD, as a bad UTF-8 byte does."""

    def chunks() -> Iterator[bytes]:
        decoder = codecs.getincrementaldecoder(codec)("replace")
        first = True
        while data := stream.read(CHUNK):
            text = decoder.decode(data[skip:] if first else data)
            if first:
                text, first = text.removeprefix("\ufeff"), False
            yield text.encode("utf-8", "replace")
        yield decoder.decode(b"", final=True).encode("utf-8", "replace")

    return chunk_stream(chunks(), stream.close)


def lines_of(stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of ``stream``, each with its line end."""
    rest = b""
    while data := stream.read(CHUNK):
        data = rest + data
        cut = data.rfind(b"\n") + 1
        if cut:
            for line in data[: cut - 1].split(b"\n"):
                yield line + b"\n"
        rest = data[cut:]
    if rest:
        yield rest
