"""``mypy.error``: every other mypy error, reported so that no partial fix looks whole."""

from __future__ import annotations

from fixer.diagnose.mypy import MypyParser
from fixer.kinds.base import Kind


class MypyError(Kind):
    id = "mypy.error"
    title = "mypy type error"
    parser = MypyParser
    recognizes = "any other mypy error"
    not_fixable = "fixer has no rewrite that is sure to be right for this error"
