"""pytest fixtures among a test module's imports, read from the modules they come from.

An imported fixture is registered by pytest under its fixture name in the module that
imports it; ruff and pyflakes see only a name nobody reads. In ``conftest.py`` it then
serves every test below that folder, so any imported name that is a fixture in its
source module stays, and so does one whose source cannot be read (a plugin package,
a name defined at run time). In a test module, parameters and ``usefixtures`` are
read by the codemod itself; here an ``autouse`` fixture, or one registered under
another name (``@pytest.fixture(name="client")``), stays.
"""

from __future__ import annotations

import ast
import posixpath
import sys
from dataclasses import dataclass

from fixer.codemods.python._import_uses import is_fixture, is_test_module
from fixer.fix.import_uses import import_base
from fixer.fix.project_index import Project

DEPTH = 4  # re-exports followed from module to module


@dataclass(frozen=True, slots=True)
class Verdict:
    fixture: bool | None  # None: cannot tell
    where: str  # the definition's path:line, or why it cannot tell
    name: str = ""  # the name pytest knows it by
    autouse: bool = False


def imported_fixtures(project: Project, path: str) -> dict[str, str]:
    """Imported names of a test module or ``conftest.py`` that must stay, with why."""
    tree = project.tree(path) if is_test_module(path) else None
    if tree is None:
        return {}
    conftest = posixpath.basename(path) in ("conftest.py", "conftest.pyi")
    kept: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
            continue
        for alias in node.names:
            bound = alias.asname or alias.name
            if alias.name == "*" or bound in kept:
                continue
            verdict = _find(project, path, node, alias.name, DEPTH)
            why = _why(verdict, bound, conftest)
            if why:
                kept[bound] = why
    return kept


def _why(verdict: Verdict, bound: str, conftest: bool) -> str:
    if conftest and verdict.fixture is None:
        return (
            f"cannot tell whether `{bound}` is a pytest fixture ({verdict.where}); imported"
            " into conftest.py, a fixture serves every test below it"
        )
    if not verdict.fixture:
        return ""
    if conftest:
        return (
            f"`{bound}` is a pytest fixture ({verdict.where}); imported into conftest.py it"
            " serves every test below it"
        )
    if verdict.autouse:
        return f"`{bound}` is an autouse pytest fixture ({verdict.where})"
    if verdict.name != bound:
        return f"`{bound}` is the pytest fixture `{verdict.name}` ({verdict.where})"
    return ""


def _find(project: Project, importer: str, node: ast.ImportFrom, name: str, depth: int) -> Verdict:
    """What ``name`` is in the module ``node`` imports it from."""
    level, module = import_base(importer, node)
    if level:
        sources = project.by_key.get(module, [])
        submodule = project.by_key.get(posixpath.normpath(f"{module}/{name}"), [])
    else:
        sources = project.by_name.get(module, [])
        submodule = project.by_name.get(f"{module}.{name}", [])
    if submodule:
        return Verdict(False, f"a module, {submodule[0]}")
    if not sources:
        top = (module or "").split(".")[0]
        if not level and top in sys.stdlib_module_names | {"typing_extensions", "pytest"}:
            return Verdict(False, f"`{module}` has no fixtures")
        return Verdict(None, f"`{module or '.'}` is not a module of this repository")
    for source in sources:
        verdict = _defined(project, source, name, depth)
        if verdict.fixture is not False:
            return verdict
    return Verdict(False, sources[0])


def _defined(project: Project, source: str, name: str, depth: int) -> Verdict:
    tree = project.tree(source)
    if tree is None:
        return Verdict(None, f"{source} does not parse")
    for stmt in _module_level(tree.body):
        where = f"{source}:{stmt.lineno}"
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
            return _decorated(stmt, where) if is_fixture(stmt) else Verdict(False, where)
        if isinstance(stmt, ast.ClassDef) and stmt.name == name:
            return Verdict(False, where)
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and name in _targets(stmt):
            fixture = stmt.value is not None and "fixture" in ast.unparse(stmt.value)
            return Verdict(fixture, where, name)
        if isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:
                if (alias.asname or alias.name) == name or alias.name == "*":
                    if depth <= 0:
                        return Verdict(None, f"{where} imports it from further away")
                    wanted = name if alias.name == "*" else alias.name
                    found = _find(project, source, stmt, wanted, depth - 1)
                    if alias.name != "*" or found.fixture is not False:
                        return found
    return Verdict(None, f"{source} does not define it where fixer can see")


def _decorated(node: ast.FunctionDef | ast.AsyncFunctionDef, where: str) -> Verdict:
    name, autouse = node.name, False
    for decorator in node.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        for keyword in decorator.keywords:
            value = keyword.value
            if keyword.arg == "name" and isinstance(value, ast.Constant):
                name = str(value.value)
            if keyword.arg == "autouse":
                autouse = not (isinstance(value, ast.Constant) and value.value is False)
    return Verdict(True, f"defined at {where}", name, autouse)


def _module_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Module-level statements, those inside ``if``/``try`` blocks included."""
    found: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, ast.If | ast.Try):
            found += _module_level(stmt.body) + _module_level(stmt.orelse)
        else:
            found.append(stmt)
    return found


def _targets(stmt: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
