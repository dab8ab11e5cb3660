"""ruff/flake8 ``F401``: remove an unused import.

The name is read as the tools print it: ruff ``os.path``, ``typing.Any`` (for ``from
typing import Any``), ``numpy`` (for ``import numpy as np``), ``..pkg.x`` (relative);
flake8 adds the alias: ``numpy as np``. ruff reports the line of the name (in a
parenthesized list, the name's own line), flake8 the statement's first line.

Left alone (Skip): ``__init__.py`` files, names in ``__all__``, ``from __future__``,
statements carrying ``# noqa``, re-exports written ``import x as x``, and imports in a
``try:`` statement (availability tests and their fallbacks). A finding whose line
imports no such name changes nothing (lines move up as imports go, so a second pass
over the output must find nothing left to do).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import ParentNodeProvider, PositionProvider

from fixer.codemods.base import Codemod, Example, Skip
from fixer.codemods.python._import_removal import RemoveImports
from fixer.codemods.python._import_search import locate, refuse
from fixer.codemods.python._parse import parse
from fixer.model import CodemodContext, Finding

MESSAGE = re.compile(r"[`'](?P<name>[^`']+)[`'] imported but unused")


def _f401(
    line: int, name: str, column: int | None = None, tool: str = "ruff", path: str = "app/x.py"
) -> Finding:
    return Finding(
        kind=f"{tool}.F401",
        tool="ruff" if tool == "ruff" else "flake8",
        message=f"`{name}` imported but unused",
        path=path,
        line=line,
        column=column,
        code="F401",
        details={"name": name},
    )


EXAMPLES = (
    Example(
        "one-of-several-names",
        "import os, sys\n\nprint(sys.argv)\n",
        "import sys\n\nprint(sys.argv)\n",
        (_f401(1, "os", 8),),
    ),
    Example(
        "whole-statement-keeps-comment-above",
        "import json\n# the clock\nimport time\n\n\ndef f() -> None:\n    json.dumps(1)\n",
        "import json\n# the clock\n\n\ndef f() -> None:\n    json.dumps(1)\n",
        (_f401(3, "time", 8),),
    ),
    Example(
        "parenthesized-list-flake8-alias",
        "from typing import (\n    Any,  # for x\n    List as L,\n    cast,\n)\n\n"
        "x: Any = cast(int, 1)\n",
        "from typing import (\n    Any,  # for x\n    cast,\n)\n\nx: Any = cast(int, 1)\n",
        (_f401(1, "typing.List as L", 1, tool="flake8"),),
    ),
    Example(
        "only-statement-of-type-checking-block-crlf",
        "from typing import TYPE_CHECKING\r\n\r\nif TYPE_CHECKING:\r\n    import json\r\n",
        "from typing import TYPE_CHECKING\r\n\r\nif TYPE_CHECKING:\r\n    pass\r\n",
        (_f401(4, "json", 12),),
    ),
    Example(
        "already-removed",
        "import sys\n\nprint(sys.argv)\n",
        "import sys\n\nprint(sys.argv)\n",
        (_f401(1, "os", 8),),
    ),
    Example(
        "listed-in-__all__",
        'from .core import run\n\n__all__ = ["run"]\n',
        'from .core import run\n\n__all__ = ["run"]\n',
        (_f401(1, ".core.run", 19),),
        skip=True,
    ),
    Example(
        "noqa",
        "import readline  # noqa: F401\n",
        "import readline  # noqa: F401\n",
        (_f401(1, "readline", 8),),
        skip=True,
    ),
    Example(
        "package-init-re-exports",
        "from .core import run\n",
        "from .core import run\n",
        (_f401(1, ".core.run", 19, path="app/__init__.py"),),
        path="app/__init__.py",
        skip=True,
    ),
)


class UnusedImport(Codemod):
    id = "unused_import"
    handles = frozenset({"ruff.F401", "flake8.F401"})
    language = "python"
    examples = EXAMPLES

    def applies_to(self, path: str) -> bool:
        return path.endswith((".py", ".pyi"))

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        for finding in findings:
            if (finding.path or "").replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py":
                raise Skip("imports in __init__.py are often re-exports")
        wrapper = parse(text)
        positions = wrapper.resolve(PositionProvider)
        parents = wrapper.resolve(ParentNodeProvider)
        removals: dict[cst.Import | cst.ImportFrom, set[int]] = {}
        lines = text.splitlines()
        for finding in findings:
            found = locate(wrapper.module, positions, *_target(finding))
            if found is None:
                continue  # not imported at that line (any more): nothing to remove
            refuse(wrapper.module, found, parents, lines, positions)
            removals.setdefault(found.statement, set()).add(found.index)
        if not removals:
            return text
        frozen = {stmt: frozenset(indices) for stmt, indices in removals.items()}
        return wrapper.module.visit(RemoveImports(frozen)).code


def _target(finding: Finding) -> tuple[int, int | None, str]:
    name = finding.details.get("name")
    if name is None:
        match = MESSAGE.search(finding.message)
        name = match.group("name") if match else None
    if finding.line is None or not name:
        raise Skip(f"the finding has no line or no name: {finding.message}")
    return finding.line, finding.column, name
