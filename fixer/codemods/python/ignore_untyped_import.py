"""mypy ``[import-untyped]``: mark the import ``# type: ignore[import-untyped]``.

The fallback when no stub package can be installed. mypy reports the first line of the
statement and reads ignores only at the start of a comment, so the mark goes on that
line, before any other comment (``import yaml  # type: ignore[import-untyped]  # cfg``);
in ``from x import (`` it follows the parenthesis. An existing ignore gets the code
merged in (``ignore[attr-defined, import-untyped]``); a bare ``# type: ignore`` or one
naming ``import`` already covers it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import libcst as cst
from libcst.metadata import CodeRange, ParentNodeProvider, PositionProvider

from fixer.codemods.base import Codemod, Example, Skip
from fixer.codemods.python._import_search import all_imports, printed_names
from fixer.codemods.python._parse import parse
from fixer.model import CodemodContext, Finding

CODE = "import-untyped"
MARKED = re.compile(r"#\s*type:\s*ignore")
IGNORE = re.compile(r"^#\s*type:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?P<rest>.*)$", re.DOTALL)


def _untyped(line: int, module: str) -> Finding:
    return Finding(
        kind="mypy.import-untyped",
        tool="mypy",
        message=f'Library stubs not installed for "{module}"',
        path="app/x.py",
        line=line,
        code=CODE,
        details={"module": module},
    )


EXAMPLES = (
    Example(
        "plain",
        "import yaml\n",
        "import yaml  # type: ignore[import-untyped]\n",
        (_untyped(1, "yaml"),),
    ),
    Example(
        "before-an-existing-comment-crlf",
        "import os\r\nimport yaml  # config\r\n",
        "import os\r\nimport yaml  # type: ignore[import-untyped]  # config\r\n",
        (_untyped(2, "yaml"),),
    ),
    Example(
        "merged-into-an-ignore",
        "from yaml import CLoader  # type: ignore[attr-defined]\n",
        "from yaml import CLoader  # type: ignore[attr-defined, import-untyped]\n",
        (_untyped(1, "yaml"),),
    ),
    Example(
        "first-line-of-a-parenthesized-import",
        "from pyflakes import (\n    api,\n    checker,\n)\n",
        "from pyflakes import (  # type: ignore[import-untyped]\n    api,\n    checker,\n)\n",
        (_untyped(1, "pyflakes"),),
    ),
    Example(
        "bare-ignore-covers-it",
        "import yaml  # type: ignore\n",
        "import yaml  # type: ignore\n",
        (_untyped(1, "yaml"),),
    ),
    Example(
        "not-an-import-of-that-module",
        "import os\nimport yaml\n",
        "import os\nimport yaml\n",
        (_untyped(1, "yaml"),),
        skip=True,
    ),
    Example(
        "backslash-continuation",
        "from yaml import Loader, \\\n    Dumper\n",
        "from yaml import Loader, \\\n    Dumper\n",
        (_untyped(1, "yaml"),),
        skip=True,
    ),
)


class IgnoreUntypedImport(Codemod):
    id = "ignore_untyped_import"
    language = "python"
    examples = EXAMPLES

    def applies_to(self, path: str) -> bool:
        return path.endswith((".py", ".pyi"))

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        wrapper = parse(text)
        positions = wrapper.resolve(PositionProvider)
        parents = wrapper.resolve(ParentNodeProvider)
        edits: dict[cst.TrailingWhitespace, cst.TrailingWhitespace] = {}
        for finding in findings:
            if finding.line is None:
                raise Skip(f"the finding has no line: {finding.message}")
            stmt = _import_at(wrapper.module, positions, finding)
            old = _first_line_end(stmt, parents, positions)
            edits[old] = _marked(edits.get(old, old))
        new = wrapper.module.visit(_Replace(edits)).code
        lines = new.split("\n")
        if len(lines) != text.count("\n") + 1 or not all(
            MARKED.search(lines[f.line - 1]) for f in findings if f.line is not None
        ):
            raise Skip("could not put the comment on the reported line")
        return new


def _import_at(
    module: cst.Module, positions: Mapping[cst.CSTNode, CodeRange], finding: Finding
) -> cst.Import | cst.ImportFrom:
    """The import statement that starts at the finding's line (and imports its module)."""
    wanted = finding.details.get("module")
    for stmt in all_imports(module):
        if positions[stmt].start.line != finding.line or isinstance(stmt.names, cst.ImportStar):
            continue
        printed = {p for alias in stmt.names for p in printed_names(stmt, alias)}
        if wanted is None or any(_related(wanted, name.split(" as ")[0]) for name in printed):
            return stmt
    raise Skip(f"line {finding.line} holds no import of {wanted or 'the module'}")


def _related(module: str, imported: str) -> bool:
    """``yaml`` and ``yaml.loader`` are the same distribution's modules."""
    return (
        module == imported or imported.startswith(f"{module}.") or module.startswith(f"{imported}.")
    )


def _first_line_end(
    stmt: cst.Import | cst.ImportFrom,
    parents: Mapping[cst.CSTNode, cst.CSTNode],
    positions: Mapping[cst.CSTNode, CodeRange],
) -> cst.TrailingWhitespace:
    """The end (whitespace, comment, newline) of the statement's first line."""
    line = parents[stmt]
    assert isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite)
    if positions[stmt].start.line == positions[line].end.line:
        return line.trailing_whitespace  # the statement starts on the line's last line
    if isinstance(stmt, cst.ImportFrom) and stmt.lpar is not None:
        assert not isinstance(stmt.names, cst.ImportStar)
        spaces = [stmt.lpar.whitespace_after]
        spaces += [a.comma.whitespace_after for a in stmt.names if isinstance(a.comma, cst.Comma)]
        for space in spaces:  # the first line break inside the parentheses ends line one
            if isinstance(space, cst.ParenthesizedWhitespace):
                return space.first_line
    raise Skip("the import's first line cannot end with a comment (a line continuation)")


def _marked(end: cst.TrailingWhitespace) -> cst.TrailingWhitespace:
    """The line end with the ignore in front of (or merged into) its comment."""
    mark = f"# type: ignore[{CODE}]"
    if end.comment is None:
        return end.with_changes(whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(mark))
    existing = IGNORE.match(end.comment.value)
    if existing is None:
        return end.with_changes(comment=cst.Comment(f"{mark}  {end.comment.value}"))
    codes = existing.group("codes")
    listed = [c.strip() for c in (codes or "").split(",")]
    if codes is None or CODE in listed or "import" in listed:
        return end
    sep = "," if "," in codes and ", " not in codes else ", "
    head = end.comment.value[: existing.start("codes")]
    merged = f"{head}{codes}{sep if codes.strip() else ''}{CODE}]{existing.group('rest')}"
    return end.with_changes(comment=cst.Comment(merged))


class _Replace(cst.CSTTransformer):
    def __init__(self, edits: Mapping[cst.TrailingWhitespace, cst.TrailingWhitespace]) -> None:
        super().__init__()
        self.edits = edits

    def leave_TrailingWhitespace(
        self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        return self.edits.get(original_node, updated_node)
