"""ruff/flake8 ``F401``: remove an unused import.

The name is read as the tools print it: ruff ``os.path``, ``typing.Any`` (for ``from
typing import Any``), ``numpy`` (for ``import numpy as np``), ``..pkg.x`` (relative);
flake8 adds the alias: ``numpy as np``. ruff reports the line of the name (in a
parenthesized list, the name's own line), flake8 the statement's first line.

Left alone (Skip): ``__init__.py`` files, names in ``__all__``, ``from __future__``,
statements carrying ``# noqa``, re-exports written ``import x as x``, imports in a
``try:`` statement (availability tests and their fallbacks), names the rest of the
project uses (``ctx.keep_imports``: re-exports, fixtures, gathered by the app), and
uses in the module that the tools do not see (pytest fixtures as parameters, ``#
type:`` comments, doctests, plain strings, ``__getattr__``/``globals()``; see
``_import_uses``). A finding whose line
imports no such name changes nothing (lines move up as imports go, so a second pass
over the output must find nothing left to do).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from fixer.codemods.base import Codemod, Example, Skip
from fixer.codemods.python._import_removal import RemoveImports
from fixer.codemods.python._import_search import Located, locate, refuse
from fixer.codemods.python._import_uses import dynamic_access, unseen_use
from fixer.codemods.python._parse import parse
from fixer.codemods.python._shadowed import hidden_by, named_elsewhere
from fixer.model import CodemodContext, Finding


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
        "submodule-import-hides-the-module-import",
        "import os\nimport os.path\nimport sys\n\nprint(sys.argv)\n",
        "import sys\n\nprint(sys.argv)\n",
        (_f401(2, "os.path", 8),),
    ),
    Example(
        "hidden-import-named-in-a-string",
        'from x import a\nimport a\n\nREF = "a"\n',
        'from x import a\nimport a\n\nREF = "a"\n',
        (_f401(2, "a", 8),),
        skip=True,
    ),
    Example(
        "already-removed",
        "import sys\n\nprint(sys.argv)\n",
        "import sys\n\nprint(sys.argv)\n",
        (_f401(1, "os", 8),),
    ),
    Example(
        "already-removed-flake8",
        "import os.path\n\nprint(os.path.sep)\n",
        "import os.path\n\nprint(os.path.sep)\n",
        (_f401(1, "sys", 1, tool="flake8"),),
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
        "fixture-parameter-of-a-test",
        "from tests.fixtures import client\n\n\ndef test_home(client):\n    assert client\n",
        "from tests.fixtures import client\n\n\ndef test_home(client):\n    assert client\n",
        (_f401(1, "tests.fixtures.client", 28, path="tests/test_home.py"),),
        path="tests/test_home.py",
        skip=True,
    ),
    Example(
        "used-in-a-type-comment",
        "from decimal import Decimal\n\nprices = []  # type: list[Decimal]\n",
        "from decimal import Decimal\n\nprices = []  # type: list[Decimal]\n",
        (_f401(1, "decimal.Decimal", 21),),
        skip=True,
    ),
    Example(
        "used-in-a-doctest",
        'from io import StringIO\n\n\ndef f() -> None:\n    """\n    >>> StringIO()\n    """\n',
        'from io import StringIO\n\n\ndef f() -> None:\n    """\n    >>> StringIO()\n    """\n',
        (_f401(1, "io.StringIO", 16),),
        skip=True,
    ),
    Example(
        "forward-reference-in-a-plain-string",
        'from uuid import UUID\nfrom typing import ForwardRef\n\nREF = ForwardRef("UUID")\n',
        'from uuid import UUID\nfrom typing import ForwardRef\n\nREF = ForwardRef("UUID")\n',
        (_f401(1, "uuid.UUID", 18),),
        skip=True,
    ),
    Example(
        "module-level-getattr",
        "import json\n\n\ndef __getattr__(name):\n    return globals()[name]\n",
        "import json\n\n\ndef __getattr__(name):\n    return globals()[name]\n",
        (_f401(1, "json", 8),),
        skip=True,
    ),
    Example(
        "used-by-another-module",
        "from app.core import Engine\n",
        "from app.core import Engine\n",
        (_f401(1, "app.core.Engine", 22),),
        context=CodemodContext(keep_imports=(("Engine", "app/cli.py:1 imports it"),)),
        skip=True,
    ),
    Example(
        "a-word-in-a-string-is-no-use-of-a-module",
        'import json\nimport sys\n\nFORMAT = "json" + sys.platform\n',
        'import sys\n\nFORMAT = "json" + sys.platform\n',
        (_f401(1, "json", 8),),
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
        trees: list[ast.Module] = []  # the module as ``ast`` reads it, parsed when needed
        lines = text.splitlines()
        for finding in findings:
            found = locate(wrapper.module, positions, *_target(finding))
            if found is None:
                continue  # not imported at that line (any more): nothing to remove
            refuse(wrapper.module, found, parents, lines, positions)
            line = positions[found.alias].start.line
            _refuse_used(found, line, text, finding.path or "", ctx, trees)
            hidden = _hidden(wrapper, found, text, finding.path or "", ctx, trees)
            for gone in [found, *hidden]:
                removals.setdefault(gone.statement, set()).add(gone.index)
        if not removals:
            return text
        frozen = {stmt: frozenset(indices) for stmt, indices in removals.items()}
        return wrapper.module.visit(RemoveImports(frozen)).code


def _refuse_used(
    found: Located, line: int, text: str, path: str, ctx: CodemodContext, trees: list[ast.Module]
) -> None:
    """Skip when the name is used where the tools do not look: elsewhere in the project
    (``ctx.keep_imports``), or in this module as a fixture, a type comment, a doctest, a
    string, or through the module's own dynamic name lookups."""
    kept = dict(ctx.keep_imports).get(found.bound)
    if kept:
        raise Skip(kept)
    if not trees:
        try:
            trees.append(ast.parse(text))
        except (SyntaxError, ValueError) as error:
            raise Skip(f"the file does not parse for `ast`: {error}") from None
    dynamic = dynamic_access(trees[0], found.bound, line)
    if dynamic:
        raise Skip(f"the module looks its names up at run time: {dynamic} in {path}")
    why = unseen_use(trees[0], text, path, found.bound, isinstance(found.statement, cst.Import))
    if why:
        raise Skip(why)


def _hidden(
    wrapper: MetadataWrapper,
    found: Located,
    text: str,
    path: str,
    ctx: CodemodContext,
    trees: list[ast.Module],
) -> list[Located]:
    """The imports that ``found`` hides from the tools by binding the same name (see
    :mod:`._shadowed`), to go with it; Skip when one of them must stay."""
    module = wrapper.module
    positions = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    partners = hidden_by(module, found, parents)
    if not partners or named_elsewhere(trees[0], found.bound):
        return []
    lines = text.splitlines()
    for partner in partners:
        line = positions[partner.alias].start.line
        try:
            refuse(module, partner, parents, lines, positions)
            _refuse_used(partner, line, text, path, ctx, trees)
        except Skip as why:
            raise Skip(
                f"removing it leaves the import of `{partner.bound}` at line {line} unused"
                f" (it binds the same name), and that one stays: {why}"
            ) from None
    return partners


def _target(finding: Finding) -> tuple[int, int | None, str]:
    name = finding.details.get("name")  # the parser's, in every output format
    if finding.line is None or not name:
        raise Skip(f"the finding has no line or no name: {finding.message}")
    return finding.line, finding.column, name
