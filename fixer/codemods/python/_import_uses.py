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
LOOKUPS = frozenset({"sys", "__name__", "__builtins__", "getattr", "inspect"})
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


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


def dynamic_access(tree: ast.Module, bound: str, line: int) -> str | None:
    """How the module may read ``bound`` (imported at ``line``) by name at run time.

    ``globals()`` anywhere, ``locals()``/``vars()`` at module level, a module-level
    ``__getattr__``/``__dir__`` and ``sys.modules[__name__]`` read every module name;
    ``locals()``/``vars()`` in a function or class only that scope's own names; any of
    them only written to (``.update(...)``, ``[k] = v``) reads nothing. ``eval``/``exec``
    read the module's names unless given a namespace of their own (a dict display or
    ``dict(...)``); code in a string literal reads just the names it holds.
    """
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name in (
            "__getattr__",
            "__dir__",
        ):
            return f"a module-level `{stmt.name}` (line {stmt.lineno})"
    parents = {id(c): n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            func = node.func.id
            dynamic = func in DYNAMIC_CALLS and not (func == "vars" and node.args)
            if dynamic and _reads(node, func, parents, bound, line):
                return f"`{func}()` (line {node.lineno})"
        if (
            isinstance(node, ast.Subscript)
            and dotted(node.value) == "sys.modules"
            and isinstance(node.slice, ast.Name)
            and node.slice.id == "__name__"
        ):
            return f"`sys.modules[__name__]` (line {node.lineno})"
    return None


def _reads(call: ast.Call, func: str, parents: dict[int, ast.AST], bound: str, line: int) -> bool:
    """Whether the call of ``func`` may read the module name ``bound`` bound at ``line``."""
    if func in ("eval", "exec"):
        return _evaluated(call, func, bound)
    parent = parents.get(id(call))
    if isinstance(parent, ast.Attribute) and parent.attr == "update":
        above = parents.get(id(parent))
        if isinstance(above, ast.Call) and above.func is parent:
            return False  # ``globals().update(...)`` writes
    if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store):
        return False  # ``globals()[name] = value`` writes
    if func not in ("locals", "vars"):
        return True
    scope = parents.get(id(call))
    while scope is not None and not isinstance(scope, SCOPES):
        scope = parents.get(id(scope))
    if scope is None:
        return True  # module level: the module's names
    end = getattr(scope, "end_lineno", None) or scope.lineno
    return scope.lineno <= line <= end  # an import of that scope (or one inside it)


def _evaluated(call: ast.Call, func: str, bound: str) -> bool:
    namespace = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "globals":
            namespace = keyword.value
        elif keyword.arg is None:
            return True  # ``**kwargs``: cannot tell
    if isinstance(namespace, ast.Dict) or (
        isinstance(namespace, ast.Call) and dotted(namespace.func) == "dict"
    ):
        return False  # a namespace of its own; what it holds the tools see
    code = call.args[0] if call.args else None
    if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
        return True
    try:
        parsed = ast.parse(code.value.strip(), mode="eval" if func == "eval" else "exec")
    except (SyntaxError, ValueError):
        return True
    names = {n.id for n in ast.walk(parsed) if isinstance(n, ast.Name)}
    attributes = {n.attr for n in ast.walk(parsed) if isinstance(n, ast.Attribute)}
    # code that itself looks names up (``eval("globals()")``, frames, modules) reads any
    return bool(names & (DYNAMIC_CALLS | LOOKUPS | {bound})) or any(
        a.startswith("f_") or a == "__dict__" for a in attributes
    )


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
