"""Whether an import declaration whose bindings all go away still runs its module.

In JavaScript it does: ``import { a } from './setup'`` runs ``./setup`` whatever becomes
of ``a``, so removing ``a`` leaves ``import './setup'``. TypeScript (tsc, and esbuild,
Babel or swc compiling TypeScript) drops at emit an import none of whose bindings is used
as a value, so ``./setup`` never ran: a bare ``import './setup'`` in its place would run
it from now on. Unless the project's ``tsconfig.json`` keeps such imports:
``verbatimModuleSyntax: true``, ``preserveValueImports: true``, or
``importsNotUsedAsValues`` set to ``preserve`` or ``error``.

The configuration of a file is the nearest ``tsconfig.json`` above it, with what its
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
STRING = r'("(?:[^"\\\n]|\\.)*")'
COMMENTS = re.compile(STRING + r"|//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/")
TRAILING_COMMAS = re.compile(STRING + r"|,(?=\s*[}\]])")
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
            return _keeps(candidate, read, 0)
        if not folder:
            return False  # no tsconfig: TypeScript's defaults drop the import
        folder = posixpath.dirname(folder)


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
