"""A run's logs written in every form maintainers save them in.

The run is the archive's files (``ghlog.render``, a real archive folder, or a corpus
job log split at the runner's step frames); from them:

- :func:`gh_log`: ``gh run view RUN --log`` and ``--log-failed`` as cli/cli prints them
  (``pkg/cmd/run/view``: every line of every step file as ``job<TAB>step<TAB>line``,
  the file's BOM kept on its first line, ``\\r`` dropped before the line end as Go's
  ``bufio.Scanner`` does; ``UNKNOWN STEP`` and the whole job log when the archive has no
  step files; ``--log-failed`` keeps the failed steps of failed jobs);
- :func:`interleave`: such output with the jobs' lines mixed, as logs pasted together are;
- :func:`utf16`: what Windows PowerShell's ``>`` writes (UTF-16 with a BOM, CRLF);
- :func:`web_text`: a copy of the web UI (no timestamps, ``Run`` headers, ``Error:``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

BOM = b"\xef\xbb\xbf"
Steps = list[tuple[str, bytes]]  # (step name, the step file's bytes)
Run = list[tuple[str, Steps]]  # (job name, its steps in order)

_NUMBERED = re.compile(r"^(\d+)_(.+)\.txt$")
_STAMP = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z ?")
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][ -~]")
_USES = re.compile(rb"##\[group\]Run [\w.-]+/[\w./-]+@\S+\r?\n")  # an action's step
_FAILED = (
    b"##[error]Process completed with exit code",
    b"##[error]The operation was canceled.",
    b"##[error]The action ",  # a step's timeout: "The action '...' has timed out after ..."
)


def _text(line: bytes) -> bytes:
    return _STAMP.sub(b"", line.removeprefix(BOM))


def _lines(data: bytes, keepends: bool = False) -> list[bytes]:
    """The lines of ``data``, split at ``\n`` only (a ``\r`` inside a line stays)."""
    lines = [line + b"\n" for line in data.split(b"\n")] if keepends else data.split(b"\n")
    if data.endswith(b"\n") or not data:
        lines.pop()
    elif keepends:
        lines[-1] = lines[-1][:-1]
    return lines


def is_runner_log(data: bytes) -> bool:
    """Whether ``data`` is a job's log as the runner writes it (not a tool's own output)."""
    return bool(_STAMP.match(data.removeprefix(BOM)))


def from_archive(files: Mapping[str, bytes]) -> Run:
    """The jobs and step files of an unpacked archive (relative path -> bytes)."""
    jobs: dict[int, str] = {}
    steps: dict[str, list[tuple[int, str, bytes]]] = {}
    for rel, data in files.items():
        parts = rel.split("/")
        match = _NUMBERED.match(parts[-1])
        if match and len(parts) == 1:
            jobs[int(match.group(1))] = match.group(2)
        elif match and len(parts) == 2:
            steps.setdefault(parts[0], []).append((int(match.group(1)), match.group(2), data))
    return [(job, [(s, d) for _, s, d in sorted(steps[job])]) for _, job in sorted(jobs.items())]


def from_folder(folder: Path) -> Run:
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.txt")}
    return from_archive(files)


def steps_of(job_log: bytes) -> Steps:
    """A job file split into the step files the runner wrote: a step starts at its
    ``##[group]Run`` frame, "Complete job" at ``Cleaning up orphan processes``; each file
    has its own BOM. A step is named as the scanner names it, ``Run <command>``."""
    out: Steps = [("Set up job", BOM)]
    for line in _lines(job_log.removeprefix(BOM), keepends=True):
        text = _text(line).rstrip(b"\r\n")
        if text.startswith(b"##[group]Run "):
            out.append((text[len(b"##[group]") :].decode(), BOM))
        elif text == b"Cleaning up orphan processes":
            out.append(("Complete job", BOM))
        out[-1] = (out[-1][0], out[-1][1] + line)
    return out


def archive_files(run: Run) -> dict[str, bytes]:
    """The unpacked archive of ``run``: job files and step files."""
    files: dict[str, bytes] = {}
    for index, (job, steps) in enumerate(run):
        files[f"{index}_{job}.txt"] = BOM + b"".join(d.removeprefix(BOM) for _, d in steps)
        for number, (step, data) in enumerate(steps, start=1):
            files[f"{job}/{number}_{step.replace('/', '_')}.txt"] = data
    return files


def failed(data: bytes) -> bool:
    """Whether the step failed: its command ended in failure or was cancelled, the
    runner's own step (no command) reported an error (an action it cannot resolve), or an
    action's step (``uses:``, no exit code) did."""
    runner_error = b"##[error]" in data and (
        b"##[group]Run " not in data or _USES.search(data) is not None
    )
    return runner_error or any(marker in data for marker in _FAILED)


def _prefixed(job: str, step: str, data: bytes) -> Iterable[bytes]:
    prefix = f"{job}\t{step}\t".encode()
    for line in _lines(data):
        yield prefix + line.removesuffix(b"\r") + b"\n"


def gh_log(run: Run, *, only_failed: bool = False, unknown_step: bool = False) -> bytes:
    """``gh run view --log`` (``--log-failed`` with ``only_failed``); ``unknown_step``:
    as gh prints a job whose archive has no step files."""
    out: list[bytes] = []
    for job, steps in run:
        if only_failed and not any(failed(d) for _, d in steps):
            continue
        if unknown_step:
            whole = BOM + b"".join(d.removeprefix(BOM) for _, d in steps)
            out += _prefixed(job, "UNKNOWN STEP", whole)
            continue
        for step, data in steps:
            if not only_failed or failed(data):
                out += _prefixed(job, step, data)
    return b"".join(out)


def interleave(gh: bytes, block: int) -> bytes:
    """gh output with the jobs' lines taken in turns, ``block`` lines at a time."""
    queues: dict[bytes, list[bytes]] = {}
    for line in _lines(gh, keepends=True):
        queues.setdefault(line.split(b"\t", 1)[0], []).append(line)
    out: list[bytes] = []
    while any(queues.values()):
        for lines in queues.values():
            out += lines[:block]
            del lines[:block]
    return b"".join(out)


def utf16(data: bytes, order: str = "le") -> bytes:
    """``data`` as Windows PowerShell's ``>`` saves it: UTF-16 with a BOM, CRLF."""
    text = data.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n")
    return "\ufeff".encode(f"utf-16-{order}") + text.replace("\n", "\r\n").encode(f"utf-16-{order}")


def web_text(steps: Steps, *, expanded: bool = True, indent: bytes = b"  ") -> bytes:
    """The job's log as copied from the web UI: markers shown as the UI shows them,
    ``Run`` bodies kept (indented as shown) when ``expanded``, else left out."""
    out: list[bytes] = []
    for _, data in steps:
        body = False
        for raw in _lines(data):
            line = _ANSI.sub(b"", _text(raw)).removesuffix(b"\r")
            if line.startswith(b"##[group]Run "):
                out.append(line[len(b"##[group]") :])
                body = True
            elif line.startswith(b"##[endgroup]"):
                body = False
            elif body:
                out += [indent + line] if expanded else []
            elif line.startswith(b"##[group]"):
                out.append(line[len(b"##[group]") :])
            elif line.startswith((b"##[error]", b"##[warning]", b"##[notice]")):
                kind, _, message = line[3:].partition(b"]")
                out.append(kind.capitalize() + b": " + message)
            else:
                out.append(line)
    return b"".join(line + b"\n" for line in out)
