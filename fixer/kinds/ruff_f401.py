"""``ruff.F401``: an unused Python import, as ruff reports it (any output format)."""

from __future__ import annotations

from collections.abc import Sequence

from fixer.diagnose.ruff import UnusedImportParser
from fixer.kinds.base import Kind, per_file, where
from fixer.model import Finding


class RuffF401(Kind):
    id = "ruff.F401"
    title = "Unused Python import"
    parser = UnusedImportParser
    recognizes = (
        "unused Python imports, in every output format of ruff (`full`, `concise`, `grouped`,"
        " `github` raw or as the runner stores it, `pylint`, `json`, `json-lines`, `junit`,"
        " `sarif`, `azure`, `gitlab`, `rdjson`) and flake8 (`default`, `pylint`, a `--format`"
        " string on the command line, flake8-github-annotations when its lines are raw)"
    )
    change = (
        "the unused name goes; never in an `__init__.py`, a name in `__all__`, a `__future__`"
        " import or a `# noqa` line, nor a name the project uses where ruff does not look:"
        " imported from the module elsewhere (`from m import x`, relative, `m.x`,"
        ' `patch("pkg.m.x")`), a pytest fixture (a test\'s parameter, `usefixtures`, any'
        " fixture imported into `conftest.py`), a `# type:` comment, a doctest, a string, a"
        " module with `__getattr__`/`globals()`; the report names the file and line of the use"
    )
    codemods = ("fixer.codemods.python.unused_import:UnusedImport",)
    facts = frozenset({"keep_imports"})
    verifier = "ruff"

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """The unused imports of one module are one cause."""
        return per_file(finding)

    topic = "lint"

    def subject(self, findings: Sequence[Finding]) -> str:
        return unused_imports(findings)


def unused_imports(findings: Sequence[Finding]) -> str:
    """``remove the unused import json from app/io.py``, ``remove 3 unused imports ...``."""
    name = findings[0].details.get("name", "") if len(findings) == 1 else ""
    if name:
        return f"remove the unused import {name}{where(findings, 'from')}"
    return f"remove {len(findings)} unused imports{where(findings, 'from')}"
