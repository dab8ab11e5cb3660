"""One parser per tool; :data:`PARSERS` is the registry the scanner runs."""

from __future__ import annotations

from fixer.contract import Parser
from fixer.diagnose.actions import ActionsParser
from fixer.diagnose.eslint import EslintParser
from fixer.diagnose.mypy import MypyParser
from fixer.diagnose.pip import PipParser
from fixer.diagnose.poetry import PoetryParser
from fixer.diagnose.ruff import UnusedImportParser

PARSERS: tuple[type[Parser], ...] = (
    MypyParser,
    PipParser,
    PoetryParser,
    EslintParser,
    UnusedImportParser,
    ActionsParser,
)

KINDS = (
    "mypy.type-arg",
    "mypy.import-untyped",
    "mypy.error",
    "pip.no-matching-distribution",
    "poetry.package-not-found",
    "eslint.no-unused-vars",
    "ruff.F401",
    "flake8.F401",
    "actions.unresolvable-action",
    "unknown",
)
