"""``flake8.F401``: an unused Python import, as flake8 reports it.

Fixed as ruff's F401 is; ruff's pyflakes rules, run as the CI step ran flake8, prove the
fix (the check says that ruff stood in for flake8).
"""

from __future__ import annotations

from fixer.kinds.ruff_f401 import RuffF401


class Flake8F401(RuffF401):
    id = "flake8.F401"
