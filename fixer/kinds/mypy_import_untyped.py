"""``mypy.import-untyped``: an import of a package that ships no types and has no stubs."""

from __future__ import annotations

from fixer.diagnose.mypy import MypyParser
from fixer.kinds.base import Kind
from fixer.model import Finding


class MypyImportUntyped(Kind):
    id = "mypy.import-untyped"
    title = "Missing library stubs"
    parser = MypyParser
    recognizes = 'mypy: `Library stubs not installed for "yaml"`, `Skipping analyzing ...`'
    change = "`# type: ignore[import-untyped]` on the import"
    codemods = ("fixer.codemods.python.ignore_untyped_import:IgnoreUntypedImport",)
    verifier = "mypy"

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """Every import of one untyped package is one cause, in whichever file."""
        return (self.id, finding.details.get("module") or finding.ident or finding.message)
