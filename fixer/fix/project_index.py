"""The project's Python files, read and parsed at most once per run, and found by module name.

A module is known by every dotted suffix of its path (``src/pkg/m.py`` is ``m``, ``pkg.m``
and ``src.pkg.m``): whichever folder the project puts on ``sys.path`` (the repository,
``src/``, the step's working directory, a test folder), one of them is the name its
importers write. A module that only shares a suffix with another can make fixer keep an
import it could have removed, never remove one that is used.

Texts and trees are cached per worktree, each checked against the file's size and mtime,
so a file rewritten by a fix is read again.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from fixer.repo import inside

if TYPE_CHECKING:
    from fixer.snapshot import Snapshot

SUFFIXES = (".py", ".pyi")
MAX_READ = 2 << 20


def module_key(path: str) -> str:
    """The module's path without its suffix (a package is its folder): ``pkg/m``."""
    stem = path.rsplit(".", 1)[0]
    return stem[: -len("/__init__")] if stem.endswith("/__init__") else stem


def module_names(path: str) -> tuple[str, ...]:
    """Every dotted name the module may be imported by, shortest first."""
    parts = module_key(path).split("/")
    names = []
    for start in range(len(parts) - 1, -1, -1):
        tail = parts[start:]
        if not all(p.isidentifier() for p in tail):
            break
        names.append(".".join(tail))
    return tuple(names)


def relative_key(importer: str, level: int, module: str | None) -> str:
    """The path key ``from ..a import x`` in ``importer`` refers to (``pkg/a``)."""
    base = posixpath.dirname(importer)
    for _ in range(level - 1):
        base = posixpath.dirname(base)
    tail = (module or "").replace(".", "/")
    return posixpath.normpath(posixpath.join(base, tail)) if tail else base or "."


@dataclass
class Project:
    root: Path
    files: tuple[str, ...]
    by_name: dict[str, list[str]] = field(default_factory=dict)  # dotted name -> files
    by_key: dict[str, list[str]] = field(default_factory=dict)  # module key -> files
    _real: dict[str, Path | None] = field(default_factory=dict)  # inside the worktree
    _texts: dict[str, tuple[tuple[int, int], str | None]] = field(default_factory=dict)
    _imports: dict[str, tuple[tuple[int, int], list[ast.Import | ast.ImportFrom]]] = field(
        default_factory=dict
    )
    _trees: dict[str, tuple[tuple[int, int], ast.Module | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path in self.files:
            self.by_key.setdefault(module_key(path), []).append(path)
            for name in module_names(path):
                self.by_name.setdefault(name, []).append(path)

    def _stamp(self, path: str) -> tuple[int, int] | None:
        if path not in self._real:
            self._real[path] = inside(self.root, path)
        real = self._real[path]
        try:
            stat = real.stat() if real is not None else None
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size) if stat and S_ISREG(stat.st_mode) else None

    def text(self, path: str) -> str | None:
        stamp = self._stamp(path)
        if stamp is None:
            return None
        cached = self._texts.get(path)
        if cached is None or cached[0] != stamp:
            real = self._real[path]
            assert real is not None
            data = real.read_bytes() if stamp[1] <= MAX_READ else None
            text = data.decode("utf-8", "replace").lstrip("\ufeff") if data is not None else None
            self._texts[path] = cached = (stamp, text)
        return cached[1]

    def tree(self, path: str) -> ast.Module | None:
        """The file's syntax tree; None when it cannot be read or does not parse."""
        text = self.text(path)
        stamp = self._stamp(path)
        if text is None or stamp is None:
            return None
        cached = self._trees.get(path)
        if cached is None or cached[0] != stamp:
            try:
                tree: ast.Module | None = ast.parse(text)
            except (SyntaxError, ValueError):
                tree = None
            self._trees[path] = cached = (stamp, tree)
        return cached[1]

    def imports(self, path: str) -> list[ast.Import | ast.ImportFrom]:
        """The file's import statements, each parsed on its own: far cheaper than the
        whole file, which is parsed only when it may use a module object."""
        text = self.text(path)
        stamp = self._stamp(path)
        if text is None or stamp is None:
            return []
        cached = self._imports.get(path)
        if cached is None or cached[0] != stamp:
            self._imports[path] = cached = (stamp, import_statements(text))
        return cached[1]

    def mentioning(self, stem: str, names: Iterable[str]) -> list[str]:
        """The files that may use one of ``names`` from a module whose last component is
        ``stem``: the cheap text test before parsing (see :func:`reference_pattern`)."""
        module = reference_pattern(stem)
        words = "|".join(re.escape(n) for n in sorted(names))
        dynamic = r"import\s+\*|\b(?:import_module|__import__|import_string)\b"
        named = re.compile(rf"\b(?:{words})\b|{dynamic}")
        found = []
        for path in self.files:
            text = self.text(path)
            if text and stem in text and module.search(text) and named.search(text):
                found.append(path)
        return found


IMPORT_WORD = re.compile(r"\b(?:from|import)\b")


def import_statements(text: str) -> list[ast.Import | ast.ImportFrom]:
    """Every statement that starts at a ``from``/``import`` word (after ``if x:`` or a
    ``;`` too), with its parenthesized or backslash-continued lines, with the file's line
    numbers. Prose that happens to parse (an import inside a string) only adds uses."""
    lines = text.splitlines()
    found: list[ast.Import | ast.ImportFrom] = []
    for number, line in enumerate(lines):
        match = IMPORT_WORD.search(line)
        if match is None:
            continue
        code, end = line[match.start() :], number
        while (code.count("(") > code.count(")") or code.rstrip().endswith("\\")) and (
            end + 1 < len(lines) and end - number < 500
        ):
            end += 1
            code += "\n" + lines[end]
        try:
            body = ast.parse(code).body
        except (SyntaxError, ValueError):
            continue
        for stmt in body:
            if isinstance(stmt, ast.Import | ast.ImportFrom):
                found.append(ast.increment_lineno(stmt, number))
    return found


def string_pattern(stem: str) -> re.Pattern[str]:
    """A dotted string naming the module: ``"pkg.stem.name"``, ``"pkg.stem"``."""
    word = re.escape(stem)
    return re.compile(rf"[\"'][\w.]*\.{word}\b|[\"']{word}[\"'.]")


def reference_pattern(stem: str) -> re.Pattern[str]:
    """Where a file names a module whose last component is ``stem``: an import statement
    (one line, a backslash continuation, a parenthesized list, after ``if x:`` too) or a
    dotted string (``"pkg.stem.name"``, ``import_module("pkg.stem")``). Every static
    reference is one of them; ``all(...)`` in a file is not a reference to ``all.py``."""
    word = re.escape(stem)
    return re.compile(
        rf"\b(?:from|import)\b[^\n]*(?:\\\n[^\n]*)*\b{word}\b"
        rf"|\bfrom\s+[\w.]+\s+import\s*\([^)]*\b{word}\b"
        rf"|{string_pattern(stem).pattern}",
    )


_CACHE: dict[Path, tuple[Snapshot, Project]] = {}


def project(snapshot: Snapshot) -> Project:
    """The index of the snapshot's Python files (the last one asked for stays cached)."""
    seen = _CACHE.get(snapshot.root)
    if seen is None or seen[0] is not snapshot:
        _CACHE.clear()
        files = tuple(sorted(p for p in snapshot.files if p.endswith(SUFFIXES)))
        _CACHE[snapshot.root] = (snapshot, Project(snapshot.root, files))
    return _CACHE[snapshot.root][1]
