"""Uses of an imported name inside its own module that ruff and pyflakes do not count.

Measured with ruff 0.17 and pyflakes 4.1 (flake8 7.5) on the same files: both read
string annotations, ``cast("T", x)``, ``TypeVar("T", bound="T")``, ``List["T"]`` and
``Optional["T"]`` as uses, names imported under ``if TYPE_CHECKING:`` included; neither
reads ``# type:`` comments, doctests, ``ForwardRef("T")`` or a type kept in a plain
string (``A = "List[T]"``), and a name that is only a parameter of a test or a fixture
(a pytest fixture imported into the test module) is unused to both. Each of these
keeps the import, as does a module that reads its own names at run time
(module-level ``__getattr__``, ``globals()``, ``eval``).

``ast`` rather than libcst: these are read-only questions about names, strings and
comments, and ``ast`` answers them with line numbers at a fraction of the cost.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator

TEST_DIRS = frozenset({"test", "tests", "testing"})
TYPE_COMMENT = re.compile(r"#\s*type:(?!\s*ignore\b)(?P<type>[^#\n]*)")
DYNAMIC_CALLS = frozenset({"globals", "locals", "vars", "eval", "exec", "__import__"})


def is_test_module(path: str) -> bool:
    """Whether pytest would read fixtures from the module (its default test file names,
    ``conftest.py``, or a file in a ``tests`` folder)."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    stem = posixpath.splitext(name)[0]
    return (
        stem == "conftest"
        or stem.startswith("test_")
        or stem.endswith("_test")
        or any(p in TEST_DIRS for p in parts[:-1])
    )


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


def is_fixture(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a decorator is ``fixture``, ``pytest.fixture`` or a call of either."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (dotted(target) or "").split(".")[-1] == "fixture":
            return True
    return False


def dynamic_access(tree: ast.Module) -> str | None:
    """How the module reads its own names at run time, when it does."""
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name in (
            "__getattr__",
            "__dir__",
        ):
            return f"a module-level `{stmt.name}` (line {stmt.lineno})"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            func = node.func.id
            if func in DYNAMIC_CALLS and not (func == "vars" and node.args):
                return f"`{func}()` (line {node.lineno})"
        if (
            isinstance(node, ast.Subscript)
            and dotted(node.value) == "sys.modules"
            and isinstance(node.slice, ast.Name)
            and node.slice.id == "__name__"
        ):
            return f"`sys.modules[__name__]` (line {node.lineno})"
    return None


def unseen_use(tree: ast.Module, text: str, path: str, bound: str, module: bool) -> str | None:
    """Why ``bound`` is used although the tools call it unused (with its line), or None.

    ``module`` says that the import binds a module (``import json``): a string that is
    just its name (``"json"``) is a word, not a reference to it.
    """
    if is_test_module(path):
        why = _fixture_use(tree, path, bound)
        if why:
            return why
    for number, line in enumerate(text.splitlines(), 1):
        match = TYPE_COMMENT.search(line)
        if match and _names_word(match.group("type"), bound):
            return (
                f"`{bound}` is used in a `# type:` comment at {path}:{number}"
                " (ruff and pyflakes do not read type comments)"
            )
    for node, value in _strings(tree):
        for offset, line in enumerate(value.splitlines()):
            code = line.strip()
            if code.startswith((">>> ", "... ")) and _names_word(code[4:], bound):
                return f"`{bound}` is used in a doctest at {path}:{node.lineno + offset}"
        if bound in value and not (module and value.strip() == bound) and _mentions(value, bound):
            return (
                f"`{bound}` is named in the string {value.strip()[:40]!r} at {path}:{node.lineno}"
                " (a forward reference or dynamic use the tools do not read)"
            )
    return None


def _fixture_use(tree: ast.Module, path: str, bound: str) -> str | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not (node.name.startswith("test") or is_fixture(node)):
                continue
            args = node.args
            params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
            if any(a.arg == bound for a in params):
                return (
                    f"`{bound}` is a pytest fixture: a parameter of `{node.name}`"
                    f" at {path}:{node.lineno}"
                )
        elif isinstance(node, ast.Call):
            name = (dotted(node.func) or "").split(".")[-1]
            if name in ("usefixtures", "getfixturevalue") and any(
                isinstance(a, ast.Constant) and a.value == bound for a in node.args
            ):
                return f"`{bound}` is a pytest fixture: `{name}` names it at {path}:{node.lineno}"
    return None


def _strings(tree: ast.Module) -> Iterator[tuple[ast.Constant, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node, node.value


def _names_word(code: str, bound: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(bound)}\b", code) is not None


def _mentions(value: str, bound: str) -> bool:
    """Whether the string, read as an expression, refers to the name."""
    try:
        expr = ast.parse(value.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(n, ast.Name) and n.id == bound for n in ast.walk(expr))
