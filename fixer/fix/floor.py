"""The lowest Python a project supports, from what its packaging metadata declares.

Read from every place a project says it: ``requires-python`` and ``classifiers`` in
``[project]``, Poetry's ``python`` dependency and classifiers, ``python_requires`` and
``classifiers`` in ``setup.cfg``'s ``[options]``/``[metadata]`` and in ``setup.py``'s
``setup(...)`` call (read with :mod:`ast`, never executed). The floor is the lowest
minor version any of them admits: code that works there works on the newer ones.

mypy's ``python_version`` is not among them: it says which Python mypy checks against,
not which ones run the code. Pure: the texts come from the run's snapshot
(:meth:`fixer.snapshot.Snapshot.texts`).
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping

from packaging.specifiers import InvalidSpecifier, SpecifierSet

Minor = tuple[int, int]
CLASSIFIER = re.compile(r"Programming Language :: Python :: (\d+)\.(\d+)\s*$")
_MINORS = [(3, minor) for minor in range(0, 30)]
_PATCHES = range(0, 50)  # ``>=3.7.2`` admits 3.7: some patch release of it is allowed


def floor(texts: Mapping[str, str]) -> Minor | None:
    """The lowest Python minor a project declares support for, from its files' texts
    (``pyproject.toml``, ``setup.cfg``, ``setup.py``, by name)."""
    found = [*_pyproject(texts.get("pyproject.toml")), *_setup_cfg(texts.get("setup.cfg"))]
    found += _setup_py(texts.get("setup.py"))
    return min(found) if found else None


def lowest_of_specifier(text: str) -> Minor | None:
    """``(3, 7)`` for ``>=3.7``, ``~=3.7.1`` or ``>=3.7.2,!=3.8.*``; None if unreadable."""
    try:
        spec = SpecifierSet(text.strip())
    except InvalidSpecifier:
        return None
    return _lowest(lambda v: spec.contains(v, prereleases=True))


def lowest_of_poetry(text: str) -> Minor | None:
    """``(3, 7)`` for Poetry's ``^3.7``, ``~3.7``, ``>=3.7,<4`` or ``3.7.* || ^3.10``."""
    from poetry.core.constraints.version import Version, parse_constraint

    try:
        constraint = parse_constraint(text.strip())
    except (ValueError, RuntimeError):  # poetry-core's ParseConstraintError is a ValueError
        return None
    return _lowest(lambda v: constraint.allows(Version.parse(v)))


def _lowest(allows: Callable[[str], bool]) -> Minor | None:
    for major, minor in _MINORS:
        if any(allows(f"{major}.{minor}.{patch}") for patch in _PATCHES):
            return major, minor
    return None


def _classifiers(values: Iterable[object]) -> Iterator[Minor]:
    for value in values:
        match = CLASSIFIER.match(value) if isinstance(value, str) else None
        if match:
            yield int(match.group(1)), int(match.group(2))


def _pyproject(text: str | None) -> Iterator[Minor]:
    if text is None:
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    project = data.get("project", {})
    poetry = data.get("tool", {}).get("poetry", {})
    requires = project.get("requires-python")
    if isinstance(requires, str) and (lowest := lowest_of_specifier(requires)):
        yield lowest
    python = poetry.get("dependencies", {}).get("python")
    if isinstance(python, str) and (lowest := lowest_of_poetry(python)):
        yield lowest
    for table in (project, poetry):
        values = table.get("classifiers", [])
        yield from _classifiers(values if isinstance(values, list) else [])


def _setup_cfg(text: str | None) -> Iterator[Minor]:
    if text is None:
        return
    cfg = configparser.ConfigParser(interpolation=None)
    try:
        cfg.read_string(text)
    except configparser.Error:
        return
    requires = cfg.get("options", "python_requires", fallback=None)
    if requires and (lowest := lowest_of_specifier(requires)):
        yield lowest
    yield from _classifiers(cfg.get("metadata", "classifiers", fallback="").splitlines())


def _setup_py(text: str | None) -> Iterator[Minor]:
    if text is None:
        return
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return
    names = _module_constants(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _called(node.func) != "setup":
            continue
        for keyword in node.keywords:
            value = keyword.value
            if isinstance(value, ast.Name):  # ``classifiers=CLASSIFIERS`` set above
                value = names.get(value.id, value)
            if keyword.arg == "python_requires" and isinstance(value, ast.Constant):
                if isinstance(value.value, str) and (lowest := lowest_of_specifier(value.value)):
                    yield lowest
            elif keyword.arg == "classifiers" and isinstance(value, ast.List | ast.Tuple):
                strings = [e.value for e in value.elts if isinstance(e, ast.Constant)]
                yield from _classifiers(strings)


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """``NAME = <value>`` assignments at the top level of ``setup.py``."""
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                found[target.id] = node.value
    return found
