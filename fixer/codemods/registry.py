"""The codemods fixer runs, by the finding kinds they handle."""

from __future__ import annotations

from fixer.codemods.base import Codemod
from fixer.codemods.js.unused_import_js import UnusedJsImport
from fixer.codemods.python.ignore_untyped_import import IgnoreUntypedImport
from fixer.codemods.python.type_arg import TypeArg
from fixer.codemods.python.unused_import import UnusedImport
from fixer.codemods.requirements.remove_requirement_line import RemoveRequirementLine
from fixer.codemods.toml.poetry_packages import PoetryPackages
from fixer.codemods.toml.remove_requirement import RemoveTomlRequirement

CODEMODS: tuple[Codemod, ...] = (
    TypeArg(),
    UnusedImport(),
    IgnoreUntypedImport(),
    RemoveTomlRequirement(),
    RemoveRequirementLine(),
    PoetryPackages(),
    UnusedJsImport(),
)


def codemods_for(kind: str) -> list[Codemod]:
    """Every codemod that handles ``kind`` (a requirement lives in several file types)."""
    return [c for c in CODEMODS if kind in c.handles]
