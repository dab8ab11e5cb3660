"""What the fix-and-verify step hands to the publishing step, in memory or in a folder.

``fixer pr --output DIR`` writes it (``fixer-pr.json``, ``report.md``, ``fix.patch``);
``fixer pr --publish DIR`` reads it back. The folder comes from a job that ran the pull
request's code, so the reader trusts nothing in it: sizes are capped, fields are checked,
and the publisher compares the pull request and its head with GitHub's own answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from fixer.errors import BadInput
from fixer.redact import mask

Outcome = Literal["fix", "report", "nothing"]
T = TypeVar("T")
SCHEMA_VERSION = 1
META, REPORT, PATCH = "fixer-pr.json", "report.md", "fix.patch"
MAX_REPORT = 1 << 20
MAX_PATCH = 4 << 20
MAX_TITLE = 200


MAX_ANNOTATIONS = 50  # what one Checks API request takes
MAX_ANNOTATION_TEXT = 1000


@dataclass(frozen=True, slots=True)
class Annotation:
    """A root cause on its lines of the head, for the check run's annotations."""

    path: str  # repository-relative, POSIX
    start_line: int
    end_line: int
    title: str
    message: str


@dataclass(frozen=True, slots=True)
class Prepared:
    """The outcome of fixing a pull request's CI, ready to publish."""

    repo: str  # the pull request's repository
    number: int
    head_sha: str
    outcome: Outcome  # fix: a verified patch; report: nothing to push; nothing: no failed run
    summary: str  # one line for humans
    complete: bool = True  # every fixable finding was fixed and verified
    title: str = ""  # the fix pull request's title
    message: str = ""  # the commit message
    report: str = ""  # the markdown analysis
    patch: bytes = b""  # base..fix, binary-safe
    annotations: tuple[Annotation, ...] = ()  # the diagnosis, on the failing lines


def check_free(folder: Path) -> None:
    """Refuse, before any work, a ``--output`` folder that is not new or empty."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise BadInput(f"{folder}: not a folder; --output needs a new or empty folder")
    try:
        taken = folder.is_dir() and any(folder.iterdir())
    except OSError as exc:
        raise BadInput(f"{folder}: cannot read it ({exc.strerror})") from None
    if taken:
        raise BadInput(f"{folder}: not empty; --output needs a new or empty folder")


def write(prepared: Prepared, folder: Path) -> None:
    check_free(folder)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "repository": prepared.repo,
        "number": prepared.number,
        "head_sha": prepared.head_sha,
        "outcome": prepared.outcome,
        "summary": prepared.summary,
        "complete": prepared.complete,
        "title": prepared.title,
        "message": prepared.message,
        "annotations": [
            {
                "path": a.path,
                "start_line": a.start_line,
                "end_line": a.end_line,
                "title": a.title,
                "message": mask(a.message),
            }
            for a in prepared.annotations
        ],
    }
    (folder / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (folder / REPORT).write_text(mask(prepared.report), encoding="utf-8")
    if prepared.patch:
        (folder / PATCH).write_bytes(prepared.patch)


def read(folder: Path) -> Prepared:
    """The artifact in ``folder``, checked for shape and size (not for truth)."""
    meta = _load(folder / META, 1 << 16)
    try:
        doc = json.loads(meta)
    except ValueError:
        raise BadInput(f"{folder / META}: not JSON") from None
    if not isinstance(doc, dict) or doc.get("schema_version") != SCHEMA_VERSION:
        raise BadInput(f"{folder / META}: not a fixer artifact of schema {SCHEMA_VERSION}")
    outcome = doc.get("outcome")
    if outcome not in ("fix", "report", "nothing"):
        raise BadInput(f"{folder / META}: unknown outcome {outcome!r}")
    title = _field(doc, "title", str)
    if len(title) > MAX_TITLE or "\n" in title:
        raise BadInput(f"{folder / META}: the title is not one short line")
    patch_file = folder / PATCH
    return Prepared(
        repo=_field(doc, "repository", str),
        number=_field(doc, "number", int),
        head_sha=_field(doc, "head_sha", str),
        outcome=outcome,
        summary=_field(doc, "summary", str)[:500],
        complete=_field(doc, "complete", bool),
        title=title,
        message=_field(doc, "message", str)[:10_000],
        report=_load(folder / REPORT, MAX_REPORT).decode("utf-8", "replace"),
        patch=_load(patch_file, MAX_PATCH) if patch_file.exists() else b"",
        annotations=_annotations(doc.get("annotations", []), folder),
    )


def _annotations(items: object, folder: Path) -> tuple[Annotation, ...]:
    """The artifact's annotations, each checked: a relative path inside the repository,
    lines in order, short texts; at most :data:`MAX_ANNOTATIONS`."""
    if not isinstance(items, list) or len(items) > MAX_ANNOTATIONS:
        raise BadInput(f"{folder / META}: annotations: not a list of at most {MAX_ANNOTATIONS}")
    found = []
    for item in items:
        if not isinstance(item, dict):
            raise BadInput(f"{folder / META}: an annotation is not an object")
        path = _field(item, "path", str)
        start, end = _field(item, "start_line", int), _field(item, "end_line", int)
        parts = path.split("/")
        if not path or path.startswith("/") or "\\" in path or ".." in parts or "" in parts:
            raise BadInput(
                f"{folder / META}: annotation path {path[:100]!r} is not in the repository"
            )
        if not 0 < start <= end:
            raise BadInput(f"{folder / META}: annotation lines {start}..{end} are not in order")
        title = _field(item, "title", str)[:200]
        found.append(
            Annotation(path, start, end, title, _field(item, "message", str)[:MAX_ANNOTATION_TEXT])
        )
    return tuple(found)


def _field(doc: dict[str, object], key: str, kind: type[T]) -> T:
    value = doc.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadInput(f"artifact field {key!r}: expected {kind.__name__}")
    return value


def _load(path: Path, cap: int) -> bytes:
    if path.is_symlink() or not path.is_file():
        raise BadInput(f"{path}: missing from the artifact")
    if path.stat().st_size > cap:
        raise BadInput(f"{path}: larger than {cap} bytes")
    return path.read_bytes()
