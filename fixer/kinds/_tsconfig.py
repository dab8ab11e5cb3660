"""Whether an import declaration whose bindings all go away still runs its module.

In JavaScript it does: ``import { a } from './setup'`` runs ``./setup`` whatever becomes
of ``a``, so removing ``a`` leaves ``import './setup'``. TypeScript (tsc, and esbuild,
Babel or swc compiling TypeScript) drops at emit an import none of whose bindings is used
as a value, so ``./setup`` never ran: a bare ``import './setup'`` in its place would run
it from now on. Unless the project's ``tsconfig.json`` keeps such imports:
``verbatimModuleSyntax: true``, ``preserveValueImports: true``, or
``importsNotUsedAsValues`` set to ``preserve`` or ``error``.

The configuration of a file is the nearest ``tsconfig.json`` above it (for a
solution-style one, the configurations it references that include the file), with what its
``extends`` names (a relative path or a package's configuration in a ``node_modules``
folder up the tree, or a list of them; later ones and the file itself override earlier
ones). One whose parent cannot be read (a package not installed) and that does not
decide these options itself gives None (unknown).
No tsconfig at all means TypeScript's defaults (the import is dropped).

Pure: files are read through the ``read`` callable the fix layer gives (the repository's
files, and the ``node_modules`` the tool checks linked into the worktree). tsconfig files are
JSON with comments and trailing commas ("JSONC"); no JSONC reader is among the
dependencies, and these two additions are all there is to undo before :func:`json.loads`,
done by two linear scans that keep strings whole (:data:`COMMENTS`,
:data:`TRAILING_COMMAS`).
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from collections.abc import Callable
from typing import Any

TYPESCRIPT = (".ts", ".tsx", ".mts", ".cts")
KEEPING = {
    "verbatimModuleSyntax": (True,),
    "preserveValueImports": (True,),
    "importsNotUsedAsValues": ("preserve", "error"),
}
# a string (kept) or a comment (dropped); then a string or a comma before a closing bracket
# (an unterminated string or comment runs to the end of its line or of the text: each is
# one match, so that no later position scans it again)
STRING = r'("(?:[^"\\\n]|\\.)*+(?:"|\\?$))'
COMMENTS = re.compile(STRING + r"|//[^\n]*|/\*(?:[^*]|\*(?!/))*+(?:\*/|\Z)", re.MULTILINE)
TRAILING_COMMAS = re.compile(STRING + r"|,(?=[ \t\r\n]*+[}\]])", re.MULTILINE)
MAX_EXTENDS = 16  # a chain of configurations longer than this is a loop

Reader = Callable[[str], str | None]


def import_runs(path: str, read: Reader) -> bool | None:
    """Whether an import of ``path`` whose bindings are all unused runs its module."""
    if not path.endswith(TYPESCRIPT) or path.endswith(".d.ts"):
        return True
    folder = posixpath.dirname(path)
    while True:
        candidate = posixpath.join(folder, "tsconfig.json") if folder else "tsconfig.json"
        if read(candidate) is not None:
            answers = {_keeps(config, read, 0) for config in _applying(candidate, path, read)}
            return answers.pop() if len(answers) == 1 else None
        if not folder:
            return False  # no tsconfig: TypeScript's defaults drop the import
        folder = posixpath.dirname(folder)


def _applying(config: str, path: str, read: Reader) -> list[str]:
    """The configurations that compile ``path``: ``config``, or, for a solution-style one
    (``"files": []`` and ``references``, as Vite's templates write), the referenced ones
    whose ``include`` or ``files`` cover it (all of them when none is known to)."""
    data = _load(read(config)) or {}
    references = data.get("references")
    if not isinstance(references, list) or not references:
        return [config]
    folder = posixpath.dirname(config)
    found = [config] if data.get("files") != [] or "include" in data else []
    for reference in references:
        target = reference.get("path") if isinstance(reference, dict) else None
        if not isinstance(target, str):
            continue
        name = posixpath.normpath(posixpath.join(folder, target))
        if not name.endswith(".json"):
            name = posixpath.join(name, "tsconfig.json")
        found.append(name)
    covering = [c for c in found if _covers(c, path, read)]
    return covering or found


def _covers(config: str, path: str, read: Reader) -> bool:
    """Whether ``config``'s own ``files`` or ``include`` name ``path`` (no such list: its
    whole folder, as TypeScript's default ``**/*``)."""
    data = _load(read(config)) or {}
    folder = posixpath.dirname(config)
    rel = posixpath.relpath(path, folder or ".")
    files, include = data.get("files"), data.get("include")
    if not isinstance(files, list) and not isinstance(include, list):
        return not rel.startswith("../")
    names = [f for f in files if isinstance(f, str)] if isinstance(files, list) else []
    if any(posixpath.normpath(f) == rel for f in names):
        return True
    patterns = [i for i in include if isinstance(i, str)] if isinstance(include, list) else []
    for pattern in (posixpath.normpath(p) for p in patterns):
        if rel == pattern or rel.startswith(pattern + "/") or fnmatch.fnmatch(rel, pattern):
            return True
    return False


def _keeps(config: str, read: Reader, depth: int) -> bool | None:
    options = _options(config, read, depth)
    if options is None:
        return None
    return any(options.get(name) in values for name, values in KEEPING.items())


def _options(config: str, read: Reader, depth: int) -> dict[str, Any] | None:
    """The module options ``config`` ends up with (None when some cannot be known)."""
    data = _load(read(config))
    if data is None or depth > MAX_EXTENDS:
        return None
    own = data.get("compilerOptions")
    own = {k: v for k, v in own.items() if k in KEEPING} if isinstance(own, dict) else {}
    parents = data.get("extends", [])
    merged: dict[str, Any] = {}
    for parent in [parents] if isinstance(parents, str) else parents:
        found = _parent(config, parent, read, depth)
        if found is None:
            if all(name in own for name in KEEPING) or any(
                own.get(name) in values for name, values in KEEPING.items()
            ):
                break  # what the file itself says decides, whatever the parent holds
            return None
        merged.update(found)
    merged.update(own)
    return merged


def _parent(config: str, parent: object, read: Reader, depth: int) -> dict[str, Any] | None:
    if not isinstance(parent, str):
        return None
    folder = posixpath.dirname(config)
    if parent.startswith(("./", "../")):
        bases = [posixpath.join(folder, parent)]
    else:  # a package's, from the node_modules folders up the tree
        bases = [posixpath.join(up, "node_modules", parent) for up in _ancestors(folder)]
    for base in bases:
        target = posixpath.normpath(base)
        if target.startswith("../") or target == "..":
            continue
        for name in (target, target + ".json", posixpath.join(target, "tsconfig.json")):
            if read(name) is not None:
                return _options(name, read, depth + 1)
    return None


def _ancestors(folder: str) -> list[str]:
    out = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        out.append(folder)
    return out


def _load(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    plain = text.lstrip("\ufeff")
    for pattern in (COMMENTS, TRAILING_COMMAS):
        plain = pattern.sub(lambda m: m.group(1) or "", plain)
    try:
        data = json.loads(plain)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
