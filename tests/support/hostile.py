"""Hostile inputs, made on the fly: corrupt archives and logs too big to commit.

Shared by the hostile-input tests and ``bench/hostile.py``. Every archive is a real
zip written by :mod:`zipfile`, then damaged the way an attacker (or a broken download)
would: a size or CRC field that lies, flipped bytes in the deflate data, the encryption
flag, a compression method fixer does not read, a name that is not UTF-8.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.ghlog import Job, render

# offsets in a local file header (LFH) and a central directory record (CDR)
_LFH_FLAGS, _LFH_METHOD, _LFH_CRC, _LFH_CSIZE, _LFH_SIZE, _LFH_NAME = 6, 8, 14, 18, 22, 30
_CDR_FLAGS, _CDR_METHOD, _CDR_CRC, _CDR_CSIZE, _CDR_SIZE, _CDR_NAME = 8, 10, 16, 20, 24, 46


def failing_run() -> dict[str, bytes]:
    job = Job("build")
    job.setup()
    job.run(
        "Type check",
        "mypy .",
        ['app.py:3: error: Missing type parameters for generic type "dict"  [type-arg]'] * 50,
        exit_code=1,
    )
    job.complete()
    return render([job])


def good_zip() -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in failing_run().items():
            archive.writestr(name, data)
    return bytearray(buf.getvalue())


def _records(data: bytearray) -> Iterator[tuple[int, int]]:
    """(local header offset, central record offset) of every member."""
    cdr = data.find(b"PK\x01\x02")
    while cdr >= 0:
        yield struct.unpack_from("<I", data, cdr + 42)[0], cdr
        cdr = data.find(b"PK\x01\x02", cdr + 4)


def _both(data: bytearray, lfh: int, cdr: int, fmt: str, off: tuple[int, int], v: int) -> None:
    struct.pack_into(fmt, data, lfh + off[0], v)
    struct.pack_into(fmt, data, cdr + off[1], v)


def _sizes_lie(data: bytearray) -> None:
    for lfh, cdr in _records(data):
        _both(data, lfh, cdr, "<I", (_LFH_SIZE, _CDR_SIZE), 17)


def _packed_size_lies(data: bytearray) -> None:
    for lfh, cdr in _records(data):
        _both(data, lfh, cdr, "<I", (_LFH_CSIZE, _CDR_CSIZE), 9)


def _bad_crc(data: bytearray) -> None:
    for lfh, cdr in _records(data):
        crc = struct.unpack_from("<I", data, cdr + _CDR_CRC)[0] ^ 0x5A5A5A5A
        _both(data, lfh, cdr, "<I", (_LFH_CRC, _CDR_CRC), crc)


def _flipped(data: bytearray) -> None:
    for lfh, _ in _records(data):
        name_len, extra_len = struct.unpack_from("<HH", data, lfh + 26)
        start = lfh + _LFH_NAME + name_len + extra_len
        for i in range(start + 2, start + 40, 3):
            data[i] ^= 0xA5


def _encrypted(data: bytearray) -> None:
    for lfh, cdr in _records(data):
        flags = struct.unpack_from("<H", data, cdr + _CDR_FLAGS)[0] | 0x1
        _both(data, lfh, cdr, "<H", (_LFH_FLAGS, _CDR_FLAGS), flags)


def _method(method: int) -> Callable[[bytearray], None]:
    def damage(data: bytearray) -> None:
        for lfh, cdr in _records(data):
            _both(data, lfh, cdr, "<H", (_LFH_METHOD, _CDR_METHOD), method)

    return damage


def _not_utf8_name(data: bytearray) -> None:
    for lfh, cdr in _records(data):
        flags = struct.unpack_from("<H", data, cdr + _CDR_FLAGS)[0] | 0x800  # "names are UTF-8"
        _both(data, lfh, cdr, "<H", (_LFH_FLAGS, _CDR_FLAGS), flags)
        data[lfh + _LFH_NAME] = data[cdr + _CDR_NAME] = 0xFF


def _truncated(data: bytearray) -> None:
    del data[len(data) // 2 :]


CORRUPTIONS: dict[str, Callable[[bytearray], None]] = {
    "stored sizes lie": _sizes_lie,
    "packed sizes lie": _packed_size_lies,
    "bad CRC": _bad_crc,
    "flipped deflate bytes": _flipped,
    "encryption flag": _encrypted,
    "Deflate64": _method(9),
    "unknown method": _method(77),
    "name not UTF-8": _not_utf8_name,
    "cut in half": _truncated,
}


def corrupt_zip(name: str) -> bytes:
    data = good_zip()
    CORRUPTIONS[name](data)
    return bytes(data)


# ---- inputs too big to commit, streamed -------------------------------------------------


def short_lines_zip(path: Path, size: int) -> None:
    """A zip whose one member expands to ``size`` bytes of short lines (a few MB packed)."""
    block = b"".join(b"error: line %d of many\n" % (i % 97) for i in range(40_000))
    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    with archive, archive.open("1_build.txt", "w", force_zip64=True) as member:
        for _ in range(size // len(block) + 1):
            member.write(block)


def one_line(size: int) -> Iterator[bytes]:
    """A log that is a single line of ``size`` bytes full of "error"."""
    piece = b"error: Missing type parameters for generic type [type-arg] ##[error]x " * 14_000
    yield b"##[error]"
    for _ in range(size // len(piece)):
        yield piece
    yield b"\n"


def many_causes(size: int) -> Iterator[bytes]:
    """``size`` bytes of distinct mypy errors, commands and runner errors."""
    n = 0
    while n < size:
        block = b"".join(
            b"##[group]Run mypy pkg%d\n##[endgroup]\n" % n
            + b"".join(
                b'pkg/m%d.py:%d: error: Missing type parameters for generic type "dict"  '
                b"[type-arg]\n##[error]oops %d\n" % (n, i, i)
                for i in range(200)
            )
            + b"##[error]Process completed with exit code 1.\n"
            for n in range(n, n + 50)
        )
        n += len(block)
        yield block


@dataclass(frozen=True)
class Run:
    returncode: int
    stderr: str
    peak_mb: float


# Linux keeps a process's peak memory across exec, so a child forked from a large
# process (pytest) reports at least its parent's size: a small launcher starts fixer and
# reports the peak of that child alone.
_LAUNCHER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_fixer(
    args: list[str], stdin: Iterator[bytes] | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run ``fixer`` in a child process; its exit code, stderr and peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        peak = Path(tmp) / "peak"
        cmd = [sys.executable, "-c", _LAUNCHER, str(peak), sys.executable, "-m", "fixer"]
        proc = subprocess.Popen(
            [*cmd, *args],
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        if stdin is not None:
            assert proc.stdin is not None
            try:
                for chunk in stdin:
                    proc.stdin.write(chunk)
            except BrokenPipeError:
                pass
            proc.stdin.close()
        assert proc.stderr is not None
        stderr = proc.stderr.read().decode("utf-8", "replace")
        proc.wait()
        return Run(proc.returncode, stderr, int(peak.read_text()) / 1024)
