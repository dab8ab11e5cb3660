"""Drop the module-level imports of names a rewrite left unused.

Writing ``typing.OrderedDict[...]`` for a class base that said
``collections.OrderedDict`` (which fails at run time before Python 3.9) can leave
``import collections`` unused, a new lint error. Such an import goes when its name is
bound by that one import, is not in ``__all__``, and appears nowhere else in the text
(not in a string annotation, not in a comment): otherwise it stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import libcst as cst

from fixer.codemods.python._import_removal import RemoveImports
from fixer.codemods.python._names import DynamicAll, dotted_name, exported_names


def drop_unused(module: cst.Module, names: Iterable[str]) -> cst.Module:
    """``module`` without the imports that bind ``names`` where that is safe."""
    try:
        exported = exported_names(module)
    except DynamicAll:
        return module
    removals: dict[cst.Import | cst.ImportFrom, frozenset[int]] = {}
    for name in sorted(set(names) - exported):
        found = _binding(module, name)
        if found is not None and _mentions(module, name, found[0]) == 0:
            statement, index = found
            removals[statement] = removals.get(statement, frozenset()) | {index}
    return module.visit(RemoveImports(removals)) if removals else module


def _binding(module: cst.Module, name: str) -> tuple[cst.Import | cst.ImportFrom, int] | None:
    """The one top-level import alias that binds ``name``, if exactly one does."""
    found = []
    for line in module.body:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for small in line.body:
            if isinstance(small, cst.Import | cst.ImportFrom) and not isinstance(
                small.names, cst.ImportStar
            ):
                for index, alias in enumerate(small.names):
                    if _bound(alias, isinstance(small, cst.Import)) == name:
                        found.append((small, index))
    return found[0] if len(found) == 1 else None


def _bound(alias: cst.ImportAlias, plain: bool) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    full = dotted_name(alias.name) or ""
    return full.split(".")[0] if plain else full


def _mentions(module: cst.Module, name: str, statement: cst.CSTNode) -> int:
    """How often ``name`` shows as a word in the text outside ``statement``."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    own = len(word.findall(module.code_for_node(statement)))
    return len(word.findall(module.code)) - own
