"""Lines past 64 kB are cut, whatever the chunking, and every other byte goes through."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from fixer.logs.capped import CUT_MARK, MAX_LINE, capped


def _reference(data: bytes) -> bytes:
    out = []
    for line in data.split(b"\n"):
        out.append(line if len(line) <= MAX_LINE else line[:MAX_LINE] + CUT_MARK)
    return b"\n".join(out)


class _Chunked(io.RawIOBase):
    """A stream that hands its data out in the given chunk sizes."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self.data, self.sizes, self.pos = data, sizes or [1 << 20], 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def,override]
        size = min(len(b), self.sizes[self.pos % len(self.sizes)] or 1)
        chunk = self.data[self.pos : self.pos + size]
        b[: len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


def _read(data: bytes, sizes: list[int]) -> bytes:
    with capped(lambda: _Chunked(data, sizes), "x")() as stream:  # type: ignore[arg-type,return-value]
        out = b""
        while chunk := stream.read(4 << 20):
            out += chunk
        return out


_line_lengths = st.one_of(
    st.integers(0, 40),
    st.sampled_from([MAX_LINE - 1, MAX_LINE, MAX_LINE + 1, 2 * MAX_LINE + 7, 5 * MAX_LINE]),
)


@settings(max_examples=60, deadline=None)
@given(
    lengths=st.lists(_line_lengths, max_size=12),
    trailing=st.booleans(),
    sizes=st.lists(st.integers(1, 300_000), max_size=4),
)
def test_cut_matches_the_line_by_line_definition(
    lengths: list[int], trailing: bool, sizes: list[int]
) -> None:
    data = b"\n".join(bytes([97 + i % 26]) * n for i, n in enumerate(lengths))
    data += b"\n" if trailing else b""
    assert _read(data, sizes) == _reference(data)


def test_a_300_mb_sized_line_comes_out_short() -> None:
    data = b"ok\n" + b"error " * (1 << 20) + b"\nlast\n"
    out = _read(data, [4 << 20])
    assert out == b"ok\n" + (b"error " * (1 << 20))[:MAX_LINE] + CUT_MARK + b"\nlast\n"


def test_lines_under_the_cap_come_out_as_they_went_in() -> None:
    data = b"".join(b"line %d\r\n" % i for i in range(100_000))
    assert _read(data, [4 << 20, 1000, 7]) == data
