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
    )


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
