"""Read fixer's own mypy runs the same way whatever the project's output settings say.

A project's ``[tool.mypy]`` (or ``mypy.ini``, ``.mypy.ini``, ``setup.cfg``) may set
``pretty``, ``show_column_numbers``, ``show_error_end``, ``show_absolute_path``,
``hide_error_codes``, ``error_summary``, ``color_output``, ``show_error_context``,
``show_error_code_links``, ... Each changes what mypy prints. mypy 1.11 added ``-O json``
(``--output json``): one JSON object a line with ``file``, ``line``, ``column`` (0-based),
``message``, ``hint``, ``code`` and ``severity`` (mypy 2.x adds ``end_line`` and
``end_column``), the code given even under ``hide_error_codes``. fixer reads that where the
mypy in use has it, and on older mypy forces the text flags instead (one error a line, its
code, its columns and end, relative paths, no colour, no context notes, no summary). Both
forms give the same :class:`MypyError`: the column 1-based and the end column as the text
form prints them (``path:line:col:end_line:end_col``). Notes (``severity: note``) are no
errors and are left out.

Each error is read as a finding by the very function the log's parser uses
(:func:`fixer.diagnose.mypy.classify`): its kind and its subject (the generic's name, the
untyped module) are the parser's, so a finding and the error a verification run prints
are compared by the same key whatever words this mypy uses.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from fixer.diagnose.mypy import Reported, classify, parse_error
from fixer.model import Finding

# flags that make every mypy from 1.10 on print one comparable error a line
TEXT_FLAGS = (
    "--no-pretty",
    "--no-color-output",
    "--no-error-summary",
    "--show-column-numbers",
    "--show-error-end",
    "--show-error-codes",
    "--hide-error-context",
    "--hide-absolute-path",
    "--hide-error-code-links",
    "--soft-error-limit=-1",
)
JSON_FLAGS = ("-O", "json", "--hide-absolute-path", "--hide-error-context", "--soft-error-limit=-1")
JSON_SINCE = (1, 11)


@dataclass(frozen=True, slots=True)
class MypyError:
    path: str  # repo-relative
    line: int
    code: str | None
    message: str
    column: int | None = None  # 1-based, as ``--show-column-numbers`` prints it
    end_line: int | None = None
    end_column: int | None = None
    kind: str = ""  # the parser's: ``mypy.type-arg``, ``mypy.import-untyped``, ``mypy.error``
    ident: str = ""  # the parser's subject: the generic, the module (else empty)

    @property
    def key(self) -> tuple[str, str, str | None, str]:
        """What stays the same when the error only moves: file, kind, code, subject."""
        return (self.path, self.kind, self.code, self.ident or self.message)

    def finding(self) -> Finding:
        """The finding the log's parser reads from this error (its path repo-relative)."""
        end = (self.end_line, self.end_column) if self.end_line and self.end_column else None
        error = Reported(self.path, self.line, self.column, end, self.message, self.code)
        return classify(error)


@cache
def mypy_version() -> tuple[int, ...]:
    """The version of the mypy that fixer's interpreter runs (``python -m mypy``)."""
    parts = []
    for piece in (_installed_version("mypy") or "").split("+")[0].split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


def _installed_version(name: str) -> str | None:
    """The version of the distribution that installed the package ``name`` imports as.

    The ``NAME-VERSION.dist-info`` folder beside the package (how wheels install) names
    it; else :mod:`importlib.metadata` is asked. The folder is read first because the
    version is needed before mypy's baseline starts, and importing
    :mod:`importlib.metadata` costs more than the look-up (0.03-0.06 s here).
    """
    spec = find_spec(name)
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or [])
    if spec.origin and len(folders) == 1:  # a package (mypy's __init__ may be compiled)
        found = sorted(Path(folders[0]).parent.glob(f"{name}-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len(name) + 1 : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def speaks_json(found: tuple[int, ...] | None = None) -> bool:
    return (mypy_version() if found is None else found) >= JSON_SINCE


def output_flags(as_json: bool) -> list[str]:
    return list(JSON_FLAGS if as_json else TEXT_FLAGS)


def parse_output(out: str, as_json: bool, cwd: str, base: str) -> Iterator[MypyError]:
    """The errors in mypy's stdout. ``cwd`` is mypy's directory relative to the repository,
    ``base`` the same as an absolute path (to make a path printed absolute relative)."""
    lines = out.splitlines()
    for raw in lines:
        error = _from_json(raw) if as_json else _from_text(raw)
        if error is not None:
            path = error.path.replace("\\", "/")
            if posixpath.isabs(path):
                path = posixpath.relpath(path, base)
            full = posixpath.normpath(posixpath.join(cwd, path))
            yield _with_path(error, full)


def _with_path(error: MypyError, path: str) -> MypyError:
    """``error`` at its repo-relative ``path``, read as the parser reads it."""
    placed = replace(error, path=path)
    finding = placed.finding()
    return replace(placed, kind=finding.kind, ident=finding.ident)


def _from_json(raw: str) -> MypyError | None:
    if not raw.startswith("{"):
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("severity") != "error":
        return None
    column, end_line, end_column = data.get("column"), data.get("end_line"), data.get("end_column")
    return MypyError(
        str(data.get("file", "")),
        int(data.get("line", 0)),
        data.get("code"),
        str(data.get("message", "")),
        column + 1 if isinstance(column, int) and column >= 0 else None,
        end_line if isinstance(end_line, int) and end_line >= 0 else None,
        end_column if isinstance(end_column, int) and end_column >= 0 else None,
    )


def _from_text(raw: str) -> MypyError | None:
    match = parse_error(raw)
    if not match:
        return None

    def number(name: str) -> int | None:
        value = match.group(name)
        return int(value) if value else None

    return MypyError(
        match.group("path"),
        int(match.group("line")),
        match.group("code"),
        match.group("msg"),
        number("col"),
        number("end_line"),
        number("end_col"),
    )
