"""Every kind of finding fixer knows: one module of this package each, found by walking it.

As pyupgrade finds its plugins and Fixit its rules, the registry imports every module
of the package (those whose name starts with ``_`` are helpers) and keeps each
:class:`~fixer.kinds.base.Kind` subclass defined there. Adding a kind is adding a module:
nothing else lists kinds. A module is named after its kind's id (``mypy.type-arg`` in
``mypy_type_arg.py``). The walk happens on the first lookup, so importing this package
costs nothing until a kind is asked for.

The scanner's parsers are those the kinds name, in their ``rank`` order (the order a
job's findings are listed in).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from fixer.kinds.base import Kind
from fixer.model import Finding

if TYPE_CHECKING:
    from fixer.contract import Parser


def module_name(kind_id: str) -> str:
    """The module of the kind ``kind_id``: ``mypy.type-arg`` -> ``mypy_type_arg``."""
    return kind_id.replace(".", "_").replace("-", "_").lower()


@cache
def _registry() -> dict[str, Kind]:
    found: dict[str, Kind] = {}
    for info in pkgutil.walk_packages(__path__, f"{__name__}."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if not (isinstance(value, type) and issubclass(value, Kind)):
                continue
            if value.__module__ != module.__name__ or "id" not in vars(value):
                continue  # imported from elsewhere, or an abstract base
            if value.id in found:
                raise RuntimeError(f"two kinds have the id {value.id}: {info.name}")
            found[value.id] = value()
    return dict(sorted(found.items()))


def all_kinds() -> tuple[Kind, ...]:
    """Every kind, by id."""
    return tuple(_registry().values())


def kind_of(kind_id: str) -> Kind:
    """The kind ``kind_id``; KeyError when no module of :mod:`fixer.kinds` defines it."""
    try:
        return _registry()[kind_id]
    except KeyError:
        raise KeyError(f"no kind {kind_id!r} in fixer.kinds") from None


def known(kind_id: str) -> bool:
    return kind_id in _registry()


def title(kind_id: str) -> str:
    """The kind's title for reports (the id itself for a kind fixer does not know)."""
    return _registry()[kind_id].title if known(kind_id) else kind_id


def subject(findings: Sequence[Finding]) -> tuple[str, str]:
    """(the commit scope, what fixing ``findings`` of one kind does), in the maintainer's
    words (:meth:`Kind.subject`)."""
    kind_id = findings[0].kind
    if not known(kind_id):
        return "ci", f"fix {len(findings)} {kind_id} finding{'s' if len(findings) > 1 else ''}"
    kind = kind_of(kind_id)
    return kind.topic, kind.subject(findings)


def fixable(finding: Finding) -> bool:
    """Whether fixer may fix ``finding`` (derived from its kind, see :meth:`Kind.fixable`)."""
    return known(finding.kind) and kind_of(finding.kind).fixable(finding)


@cache
def parsers() -> tuple[type[Parser], ...]:
    """The parsers the kinds name, each once, by rank."""
    named = {k.parser for k in all_kinds() if k.parser is not None}
    return tuple(sorted(named, key=lambda p: (p.rank, p.__name__)))
