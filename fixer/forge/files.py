"""Reading and writing repository files inside a root (a worktree), safely.

Text keeps its bytes: a file is decoded without newline translation (CRLF stays CRLF),
a UTF-8 byte order mark is remembered and written back, and a Python file's PEP 263
coding cookie is honoured both ways.

Paths are repository-relative and must stay inside the root:

* reading refuses an absolute path, a path that leaves the root through ``..``, and a
  path that resolves outside the root once symlinks (of the file or of any parent
  directory) are followed;
* writing is stricter: it goes only to a regular file (or a new one) reached without
  any symlink at all. Each directory is opened with ``O_NOFOLLOW`` relative to the one
  before, so a symlink swapped in meanwhile is refused too, and the file is replaced
  atomically (a temporary file beside it, then ``os.replace``) keeping its mode.
"""

from __future__ import annotations

import codecs
import io
import os
import posixpath
import secrets
import stat
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from fixer.errors import BadInput

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's text and what it takes to write it back the same way."""

    text: str  # BOM removed; line endings as in the file
    encoding: str = "utf-8"
    bom: bool = False


def check_rel(rel: str) -> str:
    """``rel`` normalized (POSIX), or :class:`BadInput` when it is not inside the root."""
    norm = posixpath.normpath(rel) if rel else ""
    if "\0" in rel or posixpath.isabs(rel) or Path(rel).is_absolute():
        raise BadInput(f"{rel!r}: not a relative path inside the repository")
    if norm in ("", ".") or norm == ".." or norm.startswith("../"):
        raise BadInput(f"{rel!r}: not a path inside the repository")
    return norm


def read_text(root: Path, rel: str) -> SourceText:
    """The text of ``root/rel``; :class:`BadInput` when it does not decode."""
    data = _read(root, rel)
    if data is None:
        raise BadInput(f"{rel}: no such file")
    encoding, bom = _encoding(rel, data)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        return SourceText(body.decode(encoding), encoding, bom)
    except (UnicodeDecodeError, LookupError):
        raise BadInput(f"{rel}: not valid {encoding} text") from None


def write_text(root: Path, rel: str, source: SourceText, new_text: str) -> None:
    """Write ``new_text`` to ``root/rel`` in ``source``'s encoding, with its BOM if it had one."""
    try:
        data = new_text.encode(source.encoding)
    except UnicodeEncodeError as exc:
        raise BadInput(
            f"{rel}: the new text cannot be written as {source.encoding}: {exc.reason}"
        ) from None
    _write(root, rel, codecs.BOM_UTF8 + data if source.bom else data)


def snapshot(root: Path, rels: Iterable[str]) -> dict[str, bytes | None]:
    """The bytes of each file (None when it does not exist), for :func:`restore`."""
    return {rel: _read(root, rel) for rel in rels}


def restore(root: Path, saved: Mapping[str, bytes | None]) -> None:
    """Put each file back as :func:`snapshot` found it (deleted if it was absent)."""
    for rel, data in saved.items():
        if _read(root, rel) == data:
            continue
        if data is None:
            _delete(root, rel)
        else:
            _write(root, rel, data)


def _encoding(rel: str, data: bytes) -> tuple[str, bool]:
    if rel.endswith((".py", ".pyi")):
        try:
            found, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError as exc:
            if not exc.msg.startswith("invalid or missing"):  # an unknown or clashing cookie
                raise BadInput(f"{rel}: unusable coding cookie") from None
            found = "utf-8"  # the first lines are not UTF-8: decoding will say so
        return ("utf-8", True) if found == "utf-8-sig" else (found, False)
    return "utf-8", data.startswith(codecs.BOM_UTF8)


def _read(root: Path, rel: str) -> bytes | None:
    norm = check_rel(rel)
    base = root.resolve()
    target = (base / norm).resolve()
    if not target.is_relative_to(base) or target == base:
        raise BadInput(f"{rel}: resolves outside the repository")
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise BadInput(f"{rel}: is a directory, not a file") from None


def _write(root: Path, rel: str, data: bytes) -> None:
    parent, name = _open_parent(root, rel)
    try:
        mode = _regular_mode(parent, name, rel)
        tmp = f".{name}.{secrets.token_hex(4)}.fixer-tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666, dir_fd=parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                if mode is not None:
                    os.fchmod(out.fileno(), mode)
            os.replace(tmp, name, src_dir_fd=parent, dst_dir_fd=parent)
        except BaseException:
            os.unlink(tmp, dir_fd=parent)
            raise
    finally:
        os.close(parent)


def _delete(root: Path, rel: str) -> None:
    parent, name = _open_parent(root, rel)
    try:
        if _regular_mode(parent, name, rel) is not None:
            os.unlink(name, dir_fd=parent)
    finally:
        os.close(parent)


def _regular_mode(parent: int, name: str, rel: str) -> int | None:
    """The permission bits of a regular file, None if absent; BadInput for anything else."""
    try:
        st = os.lstat(name, dir_fd=parent)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise BadInput(f"{rel}: not a regular file (fixer writes only regular files)")
    return stat.S_IMODE(st.st_mode)


def _open_parent(root: Path, rel: str) -> tuple[int, str]:
    """A descriptor of ``rel``'s directory, reached from ``root`` without following symlinks."""
    *dirs, name = check_rel(rel).split("/")
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in dirs:
            nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = nxt
    except OSError:
        os.close(fd)
        raise BadInput(f"{rel}: a parent is missing, not a directory, or a symlink") from None
    return fd, name
