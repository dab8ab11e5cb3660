"""Where logs come from: a plain file, stdin, an unpacked archive folder, or the zip.

Every source becomes a sequence of :class:`JobLog`, each a list of :class:`Part` s
read in order as byte streams. GitHub's archive holds each job twice: whole in
``N_<job>.txt`` and split per step in ``<job>/N_<step>.txt``; one job's folder given
alone (its ``1_Set up job.txt`` and the other steps) is that job. A job is read once:
from its step files when together they are the whole job (so every line knows its
step), else from the job file. Zips are read in place, never extracted.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from fixer.errors import BadInput
from fixer.logs.capped import READ_ERRORS, capped
from fixer.logs.forms import plain_logs

_NUMBERED = re.compile(r"^(\d+)_(.+)\.txt$")
JOB_STEPS = {"Set up job", "Complete job"}  # the runner's first and last step of every job
BOM_LEN = 3
MAX_ZIP_TOTAL = 16 << 30  # a run's logs beyond 16 GiB uncompressed are not logs
MAX_ZIP_RATIO = 1000  # deflate of text reaches ~100x; far beyond is a bomb
MAX_MEMBERS = 20_000  # a run has at most a few hundred jobs of a few dozen steps
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_METHOD_NAMES = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 99: "AES"}


@dataclass(frozen=True, slots=True)
class Part:
    """One file of a job's log: the whole job (``step is None``) or one step.

    ``open`` gives the bytes with every line cut at :data:`fixer.logs.capped.MAX_LINE`
    and read errors turned into :class:`BadInput`.
    """

    step: str | None
    raw_open: Callable[[], IO[bytes]]
    label: str  # where it came from, for error messages

    def open(self) -> IO[bytes]:
        return capped(self.raw_open, self.label)()


@dataclass(frozen=True, slots=True)
class JobLog:
    name: str
    parts: tuple[Part, ...]
    named_by_source: bool = True  # False when the name is a guess (a file's stem, "stdin")


def open_sources(specs: Sequence[str]) -> Iterator[JobLog]:
    """The jobs of every source given on the command line, in order."""
    for spec in specs:
        if spec == "-":
            yield from _plain("<stdin>", "stdin", sys.stdin.buffer, None)
            continue
        path = Path(spec)
        if path.is_dir():
            yield from _folder_jobs(path)
        elif path.is_file() and _is_zip(path):
            yield from _zip_jobs(path)
        elif path.exists():  # a log file, or a pipe such as <(gunzip -c run.log.gz)
            try:
                stream = path.open("rb")
            except OSError as exc:
                raise BadInput(f"{path}: cannot read the log ({exc})") from None
            yield from _plain(str(path), path.stem, stream, path if path.is_file() else None)
        else:
            raise BadInput(f"{spec}: no such file or folder")


def _plain(label: str, name: str, stream: IO[bytes], path: Path | None) -> Iterator[JobLog]:
    """A log file or standard input, in whatever form and encoding (see logs/forms.py)."""
    for job, named, parts in plain_logs(label, name, stream, path):
        yield JobLog(job, tuple(Part(*p) for p in parts), named)


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _is_zip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) in (b"PK\x03\x04", b"PK\x05\x06")


def _split_jobs(
    names: Sequence[str], size: Callable[[str], int], one_job: str | None = None
) -> Iterator[tuple[str, str | None, list[tuple[int, str, str]]]]:
    """Group archive members into jobs: (job, job file, [(number, step, member)]).

    ``one_job`` names the folder: when it is one job's folder of the archive (its step
    files, no job files), it is that job, its files are its steps.
    """
    if one_job is not None and _one_job(names):
        found = sorted(
            (int(m.group(1)), m.group(2), name)
            for name in names
            if (m := _NUMBERED.match(name)) is not None
        )
        yield one_job, None, found
        return
    jobs: dict[str, tuple[int, str]] = {}
    steps: dict[str, list[tuple[int, str, str]]] = {}
    loose: list[str] = []
    for name in names:
        parts = PurePosixPath(name).parts
        match = _NUMBERED.match(parts[-1])
        if len(parts) == 1 and match:
            jobs[match.group(2)] = (int(match.group(1)), name)
        elif len(parts) == 2 and match:
            steps.setdefault(parts[0], []).append((int(match.group(1)), match.group(2), name))
        elif len(parts) == 1 and name.endswith((".txt", ".log")):
            loose.append(name)
    order = sorted(jobs, key=lambda j: jobs[j][0]) + sorted(set(steps) - set(jobs))
    for job in order:
        members = sorted(steps.get(job, []))
        job_file = jobs[job][1] if job in jobs else None
        if members and (job_file is None or _steps_cover(job_file, members, size)):
            yield job, None, members
        else:
            yield job, job_file, []
    for name in loose:
        yield PurePosixPath(name).stem, name, []


def _one_job(names: Sequence[str]) -> bool:
    """Whether these are one job's step files: no subfolder, and the steps every job has."""
    if any("/" in name for name in names):
        return False
    steps = {m.group(2) for name in names if (m := _NUMBERED.match(name)) is not None}
    return bool(steps & JOB_STEPS)


def _steps_cover(
    job_file: str, members: list[tuple[int, str, str]], size: Callable[[str], int]
) -> bool:
    """Whether the step files hold exactly the job file's lines (each file has its own BOM)."""
    whole = size(job_file) - BOM_LEN
    pieces = sum(size(m) - BOM_LEN for _, _, m in members)
    return abs(whole - pieces) <= len(members)


def _folder_jobs(folder: Path) -> Iterator[JobLog]:
    names = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    )
    found = False

    def size(name: str) -> int:
        return (folder / name).stat().st_size

    for job, job_file, members in _split_jobs(names, size, folder.resolve().name):
        found = True
        if job_file is not None:
            yield JobLog(job, (Part(None, _opener(folder / job_file), str(folder / job_file)),))
        else:
            parts = tuple(Part(s, _opener(folder / m), str(folder / m)) for _, s, m in members)
            yield JobLog(job, parts)
    if not found:
        raise BadInput(f"{folder}: no log files (expected N_<job>.txt files or *.log/*.txt)")


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name.replace("\\", "/"))
    return not (
        pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name) or "\0" in name
    )


def _readable_member(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse, in one line, a member that cannot be read as it is stored."""
    name = info.filename
    if not _safe_member(name):
        raise BadInput(f"{path}: refusing unsafe entry name {name!r}")
    if info.flag_bits & 0x1:
        raise BadInput(f"{path}: {name!r} is encrypted; a run's log archive never is")
    if info.compress_type not in _METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise BadInput(
            f"{path}: {name!r} is compressed with {method}; GitHub's log archives use "
            "deflate or no compression"
        )


def _zip_jobs(path: Path) -> Iterator[JobLog]:
    try:
        archive = zipfile.ZipFile(path)
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (*READ_ERRORS, UnicodeError) as exc:
        reason = "an entry name is not valid UTF-8" if isinstance(exc, UnicodeError) else exc
        raise BadInput(f"{path}: not a readable zip archive ({reason})") from None
    if len(infos) > MAX_MEMBERS:
        raise BadInput(f"{path}: {len(infos)} entries; a run's log archive has far fewer")
    for info in infos:
        _readable_member(path, info)
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_ZIP_TOTAL or (total > 64 << 20 and total / packed > MAX_ZIP_RATIO):
        raise BadInput(f"{path}: archive expands to {total} bytes; refusing it as a zip bomb")
    sizes = {i.filename: i.file_size for i in infos}

    def member(name: str) -> Callable[[], IO[bytes]]:
        return lambda: archive.open(name)

    found = False
    for job, job_file, members in _split_jobs(sorted(sizes), sizes.__getitem__):
        found = True
        if job_file is not None:
            yield JobLog(job, (Part(None, member(job_file), f"{path}:{job_file}"),))
        else:
            yield JobLog(job, tuple(Part(s, member(m), f"{path}:{m}") for _, s, m in members))
    if not found:
        raise BadInput(f"{path}: the archive holds no job logs")


def source_label(specs: Sequence[str]) -> str:
    return ", ".join(os.fspath(s) for s in specs)
