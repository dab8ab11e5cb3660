"""mypy ``[type-arg]``: give a bare generic in a type expression its type arguments.

Type expressions are annotations (string ones too), class bases, ``cast(T, x)``,
``TypeVar`` bounds, ``NamedTuple``/``TypedDict`` fields, type aliases, and the types in
type comments (``x = {}  # type: dict``, ``# type: (list) -> Dict``): only the type in
the comment's text changes, with typing's names where mypy checks for a Python before
3.9 without ``from __future__ import annotations``; a new import that only a type
comment would use is refused (ruff and flake8 would call it unused).

Arguments are ``Any`` unless the code shows them (:mod:`._evidence`): ``-> dict``
becomes ``-> dict[str, Any]`` when every ``return`` gives a dict with string keys,
``IO[bytes]`` annotates ``open(p, "rb")``, ``Pattern[str]`` a ``re.compile("...")``.
With the ``all-any`` strategy (the fallback when mypy does not prove those) every
argument is ``Any``: ``list[Any]``, ``tuple[Any, ...]``, ``Callable[..., Any]``. ``Any``
is imported in the module's own style. Where the expression runs on a Python older than
the one its ``X[...]`` needs (the project's floor, :mod:`fixer.fix.floor`), typing's
name is written (``typing.Dict[...]``), or a string annotation. A typing name the module
binds to something else, and any new one in a module that another star-imports without
an ``__all__``, is imported under a private name (``from typing import Any as _Any``).

mypy reports one error per line and message, so every bare generic of the reported
name on the reported line is fixed: the ones it did not print would come next. A
finding whose name has no bare use left anywhere in the file is taken as already
fixed (lines move when an import is added), so a second pass changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import PositionProvider

from fixer.codemods.base import Codemod, Example, Skip
from fixer.codemods.python._drop_imports import drop_unused
from fixer.codemods.python._generics import PEP585
from fixer.codemods.python._imports import TypingImports
from fixer.codemods.python._names import has_future_annotations, module_bindings, name_uses
from fixer.codemods.python._parse import parse
from fixer.codemods.python._type_args import TypeArgTransformer
from fixer.codemods.python._type_comments import comment_nodes, read_type_comments
from fixer.codemods.python._type_rewrite import Settings, TypeRewriter
from fixer.model import CodemodContext, Finding

TYPE_COMMENT = re.compile(r"#\s*type:(?!\s*ignore\b).*")
SIGNATURE = re.compile(r"#\s*type:\s*\(.*\)\s*->")
ALL_ANY = ("all-any", "any-key")  # strategies: every argument ``Any`` (any-key: older name)


def _mypy(line: int, generic: str, column: int | None = None) -> Finding:
    return Finding(
        kind="mypy.type-arg",
        tool="mypy",
        message=f'Missing type arguments for generic type "{generic}"',
        path="app/x.py",
        line=line,
        column=column,
        code="type-arg",
        details={"generic": generic},
    )


MULTI_LINE_TYPE_COMMENT = (
    "from typing import Any, Callable, List\n\nchecks = [\n    len,\n    str,\n"
    "]  # type: List[Callable]\n"
)

EXAMPLES = (
    Example(
        "return-of-str-keyed-dicts",
        "from typing import Optional\n\n\n"
        'def build(name: str) -> dict:\n    return {"name": name}\n',
        "from typing import Any, Optional\n\n\ndef build(name: str) -> dict[str, Any]:\n"
        '    return {"name": name}\n',
        (_mypy(4, "dict", 25),),
    ),
    Example(
        "parameter-after-docstring-and-future",
        '"""Doc."""\n\nfrom __future__ import annotations\n\n\ndef f(x: dict) -> None:\n    pass\n',
        '"""Doc."""\n\nfrom __future__ import annotations\n\nfrom typing import Any\n\n\n'
        "def f(x: dict[Any, Any]) -> None:\n    pass\n",
        (_mypy(6, "dict", 11),),
    ),
    Example(
        "nested-with-import-typing-as-t",
        "import typing as t\n\nrows: list[dict] = []\n",
        "import typing as t\n\nrows: list[dict[t.Any, t.Any]] = []\n",
        (_mypy(3, "dict", 12),),
    ),
    Example(
        "python-3.8-at-run-time",
        "import os\n\n\ndef f(paths: list, spec: tuple) -> None: ...\n",
        "import os\nfrom typing import Any, List, Tuple\n\n\n"
        "def f(paths: List[Any], spec: Tuple[Any, ...]) -> None: ...\n",
        (_mypy(4, "list", 14), _mypy(4, "tuple", 26)),
        context=CodemodContext(min_python=(3, 8)),
    ),
    Example(
        "all-any-strategy",
        'from typing import Any\n\n\ndef f() -> dict:\n    return {"a": 1}\n',
        'from typing import Any\n\n\ndef f() -> dict[Any, Any]:\n    return {"a": 1}\n',
        (_mypy(4, "dict", 13),),
        context=CodemodContext(strategy="all-any"),
    ),
    Example(
        "python-3.7-floor-class-base-and-cast-under-future-import",
        "from __future__ import annotations\n\nfrom typing import cast\n\n\n"
        "class Bag(dict):\n    pass\n\n\nrows = cast(list, [])\n",
        "from __future__ import annotations\n\nfrom typing import Any, Dict, List, cast\n\n\n"
        "class Bag(Dict[Any, Any]):\n    pass\n\n\nrows = cast(List[Any], [])\n",
        (_mypy(6, "dict", 11), _mypy(10, "list", 13)),
        context=CodemodContext(min_python=(3, 7), mypy_python=(3, 12)),
    ),
    Example(
        "abc-callable-and-pathlike-on-python-3.8",
        "import os\nfrom collections.abc import Iterable\n\n\n"
        "def f(paths: Iterable, base: os.PathLike) -> None: ...\n",
        "import os\nfrom collections.abc import Iterable\nfrom typing import Any\n\n\n"
        'def f(paths: "Iterable[Any]", base: "os.PathLike[Any]") -> None: ...\n',
        (_mypy(5, "Iterable", 14), _mypy(5, "PathLike", 30)),
        context=CodemodContext(min_python=(3, 8)),
    ),
    Example(
        "function-local-annotation-never-runs",
        "def f() -> None:\n    seen: set = set()\n",
        "from typing import Any\n\n\ndef f() -> None:\n    seen: set[Any] = set()\n",
        (_mypy(2, "set", 11),),
        context=CodemodContext(min_python=(3, 8)),
    ),
    Example(
        "name-printed-short-matched-at-its-column",
        "import argparse\n\n\ndef add(sub: argparse._SubParsersAction) -> None: ...\n",
        "import argparse\n\n\n"  # never subscriptable at run time: a string
        'def add(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None: ...\n',
        (_mypy(4, "_SubParsersAction", 14),),
    ),
    Example(
        "text-and-binary-streams-and-str-patterns",
        "import re\nimport sys\nfrom typing import IO, Pattern\n\n"
        'WORD: Pattern = re.compile(r"\\w+")\n\n\n'
        "def out(stream: IO = sys.stdout) -> None: ...\n\n\n"
        'def raw(path: str) -> IO:\n    return open(path, "rb")\n',
        "import re\nimport sys\nfrom typing import IO, Pattern\n\n"
        'WORD: Pattern[str] = re.compile(r"\\w+")\n\n\n'
        "def out(stream: IO[str] = sys.stdout) -> None: ...\n\n\n"
        'def raw(path: str) -> IO[bytes]:\n    return open(path, "rb")\n',
        (_mypy(5, "Pattern", 7), _mypy(8, "IO", 17), _mypy(11, "IO", 23)),
    ),
    Example(
        "kwargs-and-json-are-str-keyed",
        "import json\nfrom typing import Any\n\n\ndef opts(**kw: Any) -> dict:\n    return kw\n\n\n"
        'CONFIG: dict = json.loads("{}")\n',
        "import json\nfrom typing import Any\n\n\ndef opts(**kw: Any) -> dict[str, Any]:\n"
        '    return kw\n\n\nCONFIG: dict[str, Any] = json.loads("{}")\n',
        (_mypy(5, "dict", 25), _mypy(9, "dict", 9)),
    ),
    Example(
        "callable-crlf",
        "from collections.abc import Callable\r\n\r\nHook = None\r\nhook: Callable = print\r\n",
        "from collections.abc import Callable\r\nfrom typing import Any\r\n\r\nHook = None\r\n"
        "hook: Callable[..., Any] = print\r\n",
        (_mypy(4, "Callable", 7),),
    ),
    Example(
        "typing-name-bound-by-the-class-gives-a-string-there",
        "from typing import Any, List\n\n\nclass R:\n    class List: ...\n\n"
        "    def rows(self) -> list: ...\n",
        "from typing import Any, List\n\n\nclass R:\n    class List: ...\n\n"
        '    def rows(self) -> "list[Any]": ...\n',
        (_mypy(7, "list", 23),),
        context=CodemodContext(min_python=(3, 8)),
    ),
    Example(
        "Any-bound-by-the-module-is-imported-under-a-private-name",
        "Any = object\nrows: list = []\n",
        "from typing import Any as _Any\n\nAny = object\nrows: list[_Any] = []\n",
        (_mypy(2, "list", 7),),
    ),
    Example(
        "star-imported-module-without-all-keeps-its-public-names",
        "def schema(d: dict) -> None: ...\n",
        "from typing import Any as _Any\n\n\ndef schema(d: dict[_Any, _Any]) -> None: ...\n",
        (_mypy(1, "dict", 16),),
        context=CodemodContext(star_importers=("pkg/__init__.py:3",)),
    ),
    Example(
        "star-imported-module-with-all-exports-only-those",
        '__all__ = ["schema"]\n\n\ndef schema(d: dict) -> None: ...\n',
        'from typing import Any\n\n__all__ = ["schema"]\n\n\n'
        "def schema(d: dict[Any, Any]) -> None: ...\n",
        (_mypy(4, "dict", 16),),
        context=CodemodContext(star_importers=("pkg/__init__.py:3",)),
    ),
    Example(
        "already-parameterized",
        "from typing import Any\n\nx: dict[str, Any] = {}\n",
        "from typing import Any\n\nx: dict[str, Any] = {}\n",
        (_mypy(3, "dict", 4),),
    ),
    Example(
        "no-generic-on-the-line",
        "x = 1\ny: dict = {}\n",
        "x = 1\ny: dict = {}\n",
        (_mypy(1, "dict", 1),),
        skip=True,
    ),
    Example(
        "pathlike-base-on-python-3.8-cannot-be-a-string",
        "import os\n\n\nclass P(os.PathLike):\n    pass\n",
        "import os\n\n\nclass P(os.PathLike):\n    pass\n",
        (_mypy(4, "PathLike", 9),),
        context=CodemodContext(min_python=(3, 8)),
        skip=True,
    ),
    Example(
        "Any-and-_Any-both-bound-by-the-module",
        "Any = object\n_Any = None\nrows: list = []\n",
        "Any = object\n_Any = None\nrows: list = []\n",
        (_mypy(3, "list", 7),),
        skip=True,
    ),
    Example(
        "type-comment-on-the-last-line-of-a-multi-line-statement",
        MULTI_LINE_TYPE_COMMENT,
        MULTI_LINE_TYPE_COMMENT.replace("List[Callable]", "List[Callable[..., Any]]"),
        (_mypy(3, "Callable", 1),),
    ),
    Example(
        "signature-type-comment-argument-and-return",
        "import typing\n\n\nclass C:\n    def m(self, rows, n=0):\n"
        "        # type: (list, int) -> dict  # noqa: E501\n        return {}\n",
        "import typing\n\n\nclass C:\n    def m(self, rows, n=0):\n"
        "        # type: (typing.List[typing.Any], int) -> typing.Dict[typing.Any, typing.Any]"
        "  # noqa: E501\n        return {}\n",
        (_mypy(5, "dict", 5), _mypy(5, "list", 17)),
        context=CodemodContext(min_python=(3, 8)),
    ),
    Example(
        "type-comment-under-future-annotations-on-python-3.8",
        "from __future__ import annotations\n\nfrom typing import Any\n\n"
        "seen = set()  # type: set | None\n",
        "from __future__ import annotations\n\nfrom typing import Any\n\n"
        "seen = set()  # type: set[Any] | None\n",
        (_mypy(5, "set", 1),),
        context=CodemodContext(min_python=(3, 8)),
    ),
    Example(
        "type-comment-alone-would-need-a-new-import",
        "x = {}  # type: dict\n",
        "x = {}  # type: dict\n",
        (_mypy(1, "dict", 1),),
        skip=True,
    ),
    Example(
        "unknown-generic",
        "from mylib import Box\n\nb: Box = Box()\n",
        "from mylib import Box\n\nb: Box = Box()\n",
        (_mypy(3, "Box", 4),),
        skip=True,
    ),
)


class TypeArg(Codemod):
    id = "type_arg"
    language = "python"
    examples = EXAMPLES

    def applies_to(self, path: str) -> bool:
        return path.endswith((".py", ".pyi"))

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        targets, columns = _targets(findings)
        wrapper = parse(text)
        module = wrapper.module
        imports = TypingImports(module, private=_star_exported(module, ctx))
        stub = any((f.path or "").endswith(".pyi") for f in findings)
        rewriter = TypeRewriter(
            Settings(
                targets={line: frozenset(names) for line, names in targets.items()},
                columns=columns,
                floor=_floor(ctx),
                precise=ctx.strategy not in ALL_ANY,
            ),
            wrapper.resolve(PositionProvider),
            module_bindings(module),
            imports,
        )
        rewriter.uses = name_uses(module)
        positions = wrapper.resolve(PositionProvider)
        comments, unread = read_type_comments(text) if "type:" in text else ([], None)
        nodes = comment_nodes(comments, positions)
        postponed = has_future_annotations(module)
        new = module.visit(TypeArgTransformer(rewriter, postponed, stub, nodes))
        ends = {
            where.start.line: where.end.line
            for node, where in positions.items()
            if isinstance(node, cst.SimpleStatementLine) and where.end.line != where.start.line
        }
        _check_done(targets, columns, rewriter, (text.split("\n"), ends), unread)
        if not rewriter.fixed:
            return text  # already parameterized: nothing to do
        lonely = imports.comment_only()
        if lonely:
            raise Skip(
                f"`{lonely[0]}` would be imported for type comments alone: ruff and flake8"
                " do not read those, and would report the import as unused"
            )
        done = imports.apply(new, ctx.line_length)
        unused = [name for name in rewriter.replaced if rewriter.uses.get(name, 0) <= 0]
        return drop_unused(done, unused).code


def _star_exported(module: cst.Module, ctx: CodemodContext) -> bool:
    """Whether a new public name would change what another module's ``import *`` of
    this one gives it: it is star-imported and has no ``__all__``."""
    return bool(ctx.star_importers) and "__all__" not in module_bindings(module)


def _floor(ctx: CodemodContext) -> tuple[int, int]:
    """The oldest Python the code must run on: the project's floor, or mypy's target when
    it is older (mypy then rejects ``dict[...]`` where it runs); 3.9 when neither is known
    (the builtins' ``X[...]`` works from there)."""
    known = [v for v in (ctx.min_python, ctx.mypy_python) if v is not None]
    return min(known) if known else PEP585


def _check_done(
    targets: dict[int, set[str]],
    columns: dict[tuple[int, int], str],
    rewriter: TypeRewriter,
    source: tuple[list[str], dict[int, int]],
    unread: str | None,
) -> None:
    """Raise :class:`Skip` for a reported generic that was neither fixed nor there fixed.

    A name with no bare use left in any type expression is stale (fixed by an earlier
    pass whose new import moved the lines) unless the line shows it in a type comment
    that was not rewritten (``unread``: why Python could not read the type comments).
    """
    lines, ends = source
    done = rewriter.fixed | rewriter.present
    where = {(line, name): f"line {line}:{column}" for (line, column), name in columns.items()}
    for line, names in sorted(targets.items()):
        for name in sorted(names):
            if (line, name) in done:
                continue
            last = name.split(".")[-1]
            at = where.get((line, name), f"line {line}")
            if _in_type_comment(lines, line, last, ends.get(line, line)):
                why = unread or (
                    "not one mypy reads as an assignment's, a parameter's or a signature's"
                    " there, with a bare generic at the place mypy reports"
                )
                raise Skip(f'{at}: "{name}" is in a type comment fixer cannot rewrite: {why}')
            if last in rewriter.bare:
                raise Skip(f'{at}: no bare generic "{name}" there in a type expression')


def _in_type_comment(lines: list[str], line: int, name: str, end: int) -> bool:
    """Whether ``name`` shows in the type comment of the statement mypy reports at its
    first line (the comment is on its last line, ``end``), or in a signature comment
    (``# type: (...) -> R``) below the ``def`` line that mypy reports."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    for number in range(line, min(max(line + 10, end), len(lines)) + 1):
        found = TYPE_COMMENT.search(lines[number - 1])
        comment = found.group() if found else ""
        if (number in (line, end) or SIGNATURE.match(comment)) and word.search(comment):
            return True
    return False


def _targets(
    findings: Sequence[Finding],
) -> tuple[dict[int, set[str]], dict[tuple[int, int], str]]:
    """Reported line -> the generic names mypy quoted there; (line, column) -> name."""
    targets: dict[int, set[str]] = {}
    columns: dict[tuple[int, int], str] = {}
    for finding in findings:
        name = finding.details.get("generic")  # the parser's, whatever mypy's wording
        if finding.line is None or not name:
            raise Skip(f"the finding has no line or no generic name: {finding.message}")
        targets.setdefault(finding.line, set()).add(name)
        if finding.column is not None:
            columns[(finding.line, finding.column)] = name
    return targets, columns
