"""``mypy.import-untyped``: an import of a package that ships no types and has no stubs."""

from __future__ import annotations

from collections.abc import Sequence

from fixer.diagnose.mypy import MypyParser
from fixer.kinds.base import Kind, listed, names, where
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

    topic = "types"

    def subject(self, findings: Sequence[Finding]) -> str:
        modules = names(findings, "module")
        what = listed(modules) if 0 < len(modules) <= 2 else f"{len(findings)} libraries"
        return f"ignore the missing stubs of {what}{where(findings)}"
