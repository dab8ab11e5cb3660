"""A log stream whose lines are cut at :data:`MAX_LINE` bytes.

A hostile log can be one line of hundreds of MB; every reader downstream keeps a line
whole at some point, so the stream itself cuts any line longer than ``MAX_LINE`` bytes,
marks it with :data:`CUT_MARK` and drops the rest up to the next newline. Finding the
long lines costs little: a line longer than ``MAX_LINE`` holds a whole aligned window
of ``MAX_LINE // 2`` bytes without a newline, so only one ``find`` per window is run,
and only the windows without a newline are looked at closely. Reading and decoding
errors of the underlying stream (a corrupt zip member: bad CRC, bad deflate data,
sizes that lie) become one :class:`BadInput` line naming the source.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, cast

from fixer.errors import BadInput

MAX_LINE = 64 << 10
CUT_MARK = b" [fixer: line cut, longer than 65536 bytes]"
_WINDOW = MAX_LINE // 2
READ_ERRORS = (OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile, RuntimeError)


class _CappedRaw(io.RawIOBase):
    def __init__(self, opener: Callable[[], IO[bytes]], label: str) -> None:
        self._label = label
        self._inner = self._guard(opener)
        self._out = b""
        self._start = 0  # where the current line began, relative to the next chunk
        self._skip = False  # dropping the rest of a line that was cut

    def _guard(self, call: Callable[[], IO[bytes]]) -> IO[bytes]:
        try:
            return call()
        except READ_ERRORS as exc:
            raise BadInput(f"{self._label}: cannot read the log ({_reason(exc)})") from None

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (at least one unless at the end), without copying more than
        once."""
        while not self._out:
            try:
                data = self._inner.read(size if size and size > 0 else 4 << 20)
            except READ_ERRORS as exc:
                raise BadInput(f"{self._label}: cannot read the log ({_reason(exc)})") from None
            if not data:
                return b""
            self._out = self._cap(data)
        if size is None or size < 0 or size >= len(self._out):
            out, self._out = self._out, b""
        else:
            out, self._out = self._out[:size], self._out[size:]
        return out

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]  # bytes-like
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._inner.close()
        super().close()

    def _cap(self, data: bytes) -> bytes:
        """``data`` with every line past ``MAX_LINE`` bytes cut (the same object when none is)."""
        pieces: list[bytes] = []
        emit = pos = 0
        start = self._start
        n = len(data)
        if self._skip:
            nl = data.find(b"\n")
            if nl < 0:
                return b""
            self._skip = False
            emit, pos, start = nl, nl + 1, nl + 1
        while True:
            limit = start + MAX_LINE
            nl = data.find(b"\n", pos, min(limit + 1, n))
            if nl >= 0:
                start, pos = _next_candidate(data, nl + 1)
                continue
            if limit >= n:  # no newline to the end: the line goes on in the next chunk
                break
            pieces += (data[emit:limit], CUT_MARK)
            nl = data.find(b"\n", limit)
            if nl < 0:
                self._skip, emit = True, n
                break
            emit, pos, start = nl, nl + 1, nl + 1
        self._start = start - n
        if not pieces and emit == 0:
            return data
        pieces.append(data[emit:])
        return b"".join(pieces)


def _next_candidate(data: bytes, pos: int) -> tuple[int, int]:
    """(line start, scan position) of the first line from ``pos`` that may be too long."""
    n = len(data)
    for window in range(pos, n - _WINDOW + 1, _WINDOW):
        if data.find(b"\n", window, window + _WINDOW) < 0:
            return data.rfind(b"\n", 0, window) + 1, window
    last = data.rfind(b"\n", pos - 1) + 1
    return last, last


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200] if text else type(exc).__name__


def capped(opener: Callable[[], IO[bytes]], label: str) -> Callable[[], IO[bytes]]:
    """An opener of the same stream with its lines cut at ``MAX_LINE`` bytes.

    The stream is a raw stream whose ``read`` returns whole chunks without the copy a
    ``BufferedReader`` adds; it is used as ``IO[bytes]`` (``read``, ``close``, ``with``).
    """
    return lambda: cast(IO[bytes], _CappedRaw(opener, label))
