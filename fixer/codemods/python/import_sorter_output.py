"""An import sorter's output (``isort``): its import statements may be reordered, merged
and split, but the module imports exactly the same names under the same aliases, and
everything else keeps its syntax tree."""

from __future__ import annotations

from collections.abc import Sequence

from fixer.codemods.base import Example, Skip
from fixer.codemods.python._tool_output import (
    ToolOutput,
    finding,
    imports,
    parsed,
    stand_in,
    tree,
)
from fixer.model import Finding


class ImportSorterOutput(ToolOutput):
    id = "import_sorter_output"

    def guard(self, before: str, after: str) -> None:
        if imports(parsed(before)) != imports(parsed(after)):
            raise Skip("the import sorter's output does not import the same names")
        if tree(before, drop_imports=True) != tree(after, drop_imports=True):
            raise Skip("the import sorter's output changes more than the imports")


def _sorted(text: str, findings: Sequence[Finding]) -> str:
    lines = text.splitlines(keepends=True)
    head = [line for line in lines if line.startswith(("import ", "from "))]
    return "".join(sorted(head)) + "".join(lines[len(head) :])


def _drops_os(text: str, findings: Sequence[Finding]) -> str:
    return text.replace("import os\n", "")


def _changes_code(text: str, findings: Sequence[Finding]) -> str:
    return _sorted(text, findings).replace("print(sys)", "print(os)")


ImportSorterOutput.examples = (
    Example(
        "sorted",
        "import sys\nimport os\n\nprint(os, sys)\n",
        "import os\nimport sys\n\nprint(os, sys)\n",
        (finding("isort.imports"),),
        context=stand_in(_sorted),
    ),
    Example(
        "already-sorted",
        "import os\nimport sys\n\nprint(os, sys)\n",
        "import os\nimport sys\n\nprint(os, sys)\n",
        (finding("isort.imports"),),
        context=stand_in(_sorted),
    ),
    Example(
        "import-lost",
        "import sys\nimport os\n\nprint(sys)\n",
        "import sys\nimport os\n\nprint(sys)\n",
        (finding("isort.imports"),),
        context=stand_in(_drops_os),
        skip=True,
    ),
    Example(
        "code-changed",
        "import sys\nimport os\n\nprint(sys)\n",
        "import sys\nimport os\n\nprint(sys)\n",
        (finding("isort.imports"),),
        context=stand_in(_changes_code),
        skip=True,
    ),
)
