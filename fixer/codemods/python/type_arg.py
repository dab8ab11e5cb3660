"""mypy ``[type-arg]``: give a bare generic in a type expression its type arguments.

Type expressions are annotations (string ones too), class bases, ``cast(T, x)``,
``TypeVar`` bounds and type aliases; type comments are left alone (Skip).

``-> dict`` becomes ``-> dict[str, Any]`` when every ``return`` of the function gives a
dict with string-literal keys, else ``dict[Any, Any]`` (always, with the ``any-key``
strategy); ``list`` becomes ``list[Any]``, ``tuple`` ``tuple[Any, ...]``, ``Callable``
``Callable[..., Any]``. ``Any`` is imported in the module's own style. Where the
annotation runs on Python < 3.9, builtins become ``typing.Dict[...]`` and friends.

mypy reports one error per line and message, so every bare generic of the reported
name on the reported line is fixed: the ones it did not print would come next. A
finding whose name has no bare use left anywhere in the file is taken as already
fixed (lines move when an import is added), so a second pass changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from libcst.metadata import PositionProvider

from fixer.codemods.base import Codemod, Example, Skip
from fixer.codemods.python._imports import TypingImports
from fixer.codemods.python._names import has_future_annotations, module_bindings
from fixer.codemods.python._parse import parse
from fixer.codemods.python._type_args import TypeArgTransformer
from fixer.codemods.python._type_rewrite import Settings, TypeRewriter
from fixer.model import CodemodContext, Finding

TYPE_COMMENT = re.compile(r"#\s*type:(?!\s*ignore\b).*")
SIGNATURE = re.compile(r"#\s*type:\s*\(.*\)\s*->")
MESSAGE = re.compile(r'Missing type (?:parameters|arguments) for generic type "(?P<name>[\w.]+)"')


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
        "any-key-strategy",
        'from typing import Any\n\n\ndef f() -> dict:\n    return {"a": 1}\n',
        'from typing import Any\n\n\ndef f() -> dict[Any, Any]:\n    return {"a": 1}\n',
        (_mypy(4, "dict", 13),),
        context=CodemodContext(strategy="any-key"),
    ),
    Example(
        "callable-crlf",
        "from collections.abc import Callable\r\n\r\nHook = None\r\nhook: Callable = print\r\n",
        "from collections.abc import Callable\r\nfrom typing import Any\r\n\r\nHook = None\r\n"
        "hook: Callable[..., Any] = print\r\n",
        (_mypy(4, "Callable", 7),),
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
        "unknown-generic",
        "from mylib import Box\n\nb: Box = Box()\n",
        "from mylib import Box\n\nb: Box = Box()\n",
        (_mypy(3, "Box", 4),),
        skip=True,
    ),
)


class TypeArg(Codemod):
    id = "type_arg"
    handles = frozenset({"mypy.type-arg"})
    language = "python"
    examples = EXAMPLES

    def applies_to(self, path: str) -> bool:
        return path.endswith((".py", ".pyi"))

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        targets = _targets(findings)
        wrapper = parse(text)
        module = wrapper.module
        imports = TypingImports(module)
        stub = any((f.path or "").endswith(".pyi") for f in findings)
        rewriter = TypeRewriter(
            Settings(
                targets={line: frozenset(names) for line, names in targets.items()},
                old_python=ctx.min_python is not None and ctx.min_python < (3, 9),
                any_keys=ctx.strategy == "any-key",
            ),
            wrapper.resolve(PositionProvider),
            module_bindings(module),
            imports,
        )
        transformer = TypeArgTransformer(rewriter, stub or has_future_annotations(module))
        new = module.visit(transformer)
        _check_done(targets, rewriter, text.split("\n"))
        if not rewriter.fixed:
            return text  # already parameterized: nothing to do
        return imports.apply(new, ctx.line_length).code


def _check_done(targets: dict[int, set[str]], rewriter: TypeRewriter, lines: list[str]) -> None:
    """Raise :class:`Skip` for a reported generic that was neither fixed nor there fixed.

    A name with no bare use left in any type expression is stale (fixed by an earlier
    pass whose new import moved the lines) unless the line shows it in a type comment.
    """
    done = rewriter.fixed | rewriter.present
    for line, names in sorted(targets.items()):
        for name in sorted(names):
            if (line, name) in done:
                continue
            last = name.split(".")[-1]
            if _in_type_comment(lines, line, last):
                raise Skip(f'line {line}: "{name}" is in a type comment; fixer leaves those')
            if last in rewriter.bare:
                raise Skip(f'line {line} has no bare generic "{name}" in an annotation')


def _in_type_comment(lines: list[str], line: int, name: str) -> bool:
    """Whether ``name`` shows in the line's type comment, or in a signature comment
    (``# type: (...) -> R``) below the ``def`` line that mypy reports."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    for number in range(line, min(line + 10, len(lines)) + 1):
        found = TYPE_COMMENT.search(lines[number - 1])
        comment = found.group() if found else ""
        if (number == line or SIGNATURE.match(comment)) and word.search(comment):
            return True
    return False


def _targets(findings: Sequence[Finding]) -> dict[int, set[str]]:
    """Reported line -> the generic names mypy quoted there."""
    targets: dict[int, set[str]] = {}
    for finding in findings:
        name = finding.details.get("generic")
        if name is None:
            match = MESSAGE.search(finding.message)
            name = match.group("name") if match else None
        if finding.line is None or not name:
            raise Skip(f"the finding has no line or no generic name: {finding.message}")
        targets.setdefault(finding.line, set()).add(name)
    return targets
