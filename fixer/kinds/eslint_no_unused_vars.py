"""``eslint.no-unused-vars``: an unused JavaScript or TypeScript binding.

Only an unused import is fixed. ESLint's "defined but never used" does not say whether
the binding is an import, a function or a class: the source settles it once the
repository is known (:meth:`EslintNoUnusedVars.locate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from fixer.diagnose.eslint import EslintParser
from fixer.diagnose.paths import RepoIndex
from fixer.kinds.base import Kind, per_file
from fixer.kinds.ruff_f401 import unused_imports
from fixer.model import Finding

IMPORT_START = re.compile(r"(?m)^\s*import\b")


class EslintNoUnusedVars(Kind):
    id = "eslint.no-unused-vars"
    title = "Unused JavaScript binding"
    parser = EslintParser
    recognizes = "ESLint stylish and compact formats, also `@typescript-eslint/`"
    change = (
        "the specifier and its comma go (tree-sitter, JS/JSX/TS/TSX); the whole declaration"
        " when nothing is left"
    )
    codemods = ("fixer.codemods.js.unused_import_js:UnusedJsImport",)
    facts = frozenset({"import_runs"})  # whether a bare `import './m'` must stay
    only = "imports"
    not_fixable = "only unused imports are removed automatically"
    verifier = "eslint"

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """The unused bindings of one file are one cause."""
        return per_file(finding)

    topic = "lint"

    def subject(self, findings: Sequence[Finding]) -> str:
        return unused_imports(findings)  # only unused imports are fixed

    def admits(self, finding: Finding) -> bool:
        return finding.details.get("binding") == "import"

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """What the binding is, read from the source when the message did not say."""
        if not finding.resolved or finding.details.get("binding") != "unknown":
            return finding  # the message already said: a variable or a parameter
        text = index.read(finding.path or "")
        if text is None or finding.line is None:
            return finding
        lines = text.splitlines()
        if not 0 < finding.line <= len(lines):
            return replace(finding, details={**finding.details, "binding": "stale"})
        in_import = inside_import(lines, finding.line, finding.column or 1)
        name = finding.details.get("name")
        fix = (
            f"Remove the unused import `{name}`."
            if in_import
            else f"Remove or use `{name}` (not an import; not changed automatically)."
        )
        prefix = lines[finding.line - 1][: (finding.column or 1) - 1]
        binding = (
            "import"
            if in_import
            else ("parameter" if prefix.count("(") > prefix.count(")") else "declaration")
        )
        return replace(finding, fix=fix, details={**finding.details, "binding": binding})


def inside_import(lines: Sequence[str], line: int, column: int) -> bool:
    """Whether (line, column), both 1-based, fall inside an ``import`` declaration."""
    start = max(0, line - 40)
    head = "\n".join([*lines[start : line - 1], lines[line - 1][: column - 1]])
    starts = list(IMPORT_START.finditer(head))
    if not starts:
        return False
    tail = head[starts[-1].end() :]
    return not re.search(r""";|\bfrom\s*["'`]|\brequire\s*\(""", tail)
