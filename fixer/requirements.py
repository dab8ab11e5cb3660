"""What a Python project's requirements are called and where they are declared.

One module for every layer that handles a requirement: the parsers normalize the name
they read in pip's, uv's and Poetry's words, diagnosis finds the file and line that
declare it, planning picks the files to edit, the codemods edit them and verification
checks that exactly the declaration went. Names compare after PEP 503 normalization;
PEP 508 strings are read with ``packaging``, imported only when one is read (its import
costs about 50 ms, which diagnosing a log does not pay). Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, MutableMapping, MutableSequence
from typing import Any

NOT_REQUIREMENTS = frozenset({"manifest.in", "makefile.in"})


def canonical(name: str) -> str:
    """PEP 503 normalization (``packaging``'s, without its import cost on diagnose's path)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_requirements_file(path: str) -> bool:
    """``*requirements*.txt``, a ``.txt`` in a ``requirements/`` folder, or a pip-compile
    ``.in`` (not ``MANIFEST.in`` or ``Makefile.in``)."""
    parts = path.replace("\\", "/").lower().split("/")
    name = parts[-1]
    if name.endswith(".in"):
        return name not in NOT_REQUIREMENTS
    in_folder = len(parts) > 1 and parts[-2] == "requirements"
    return name.endswith(".txt") and ("requirements" in name or in_folder)


def declares_requirements(path: str) -> bool:
    """Whether ``path`` is a file where a project declares what pip installs."""
    return path.rsplit("/", 1)[-1] == "pyproject.toml" or is_requirements_file(path)


def declared_line(text: str, name: str) -> int | None:
    """The line of ``text`` (a pyproject or requirements file) that declares ``name``."""
    wanted = canonical(name)
    for number, line in enumerate(text.splitlines(), start=1):
        for token in re.findall(r"""(?:^|["'\s{,])([A-Za-z0-9][A-Za-z0-9._-]*)""", line):
            if canonical(token) == wanted and not line.lstrip().startswith("#"):
                return number
    return None


def table(root: MutableMapping[str, Any], *keys: str) -> MutableMapping[str, Any] | None:
    """The table at ``root[keys[0]][keys[1]]...``, or None when a step is missing or no table."""
    node: object = root
    for key in keys:
        if not isinstance(node, MutableMapping) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, MutableMapping) else None


def remove_declarations(root: MutableMapping[str, Any], name: str) -> int:
    """Delete every declaration of ``name`` under ``root`` (tomlkit or plain); return how many."""
    removed = 0
    for array in _requirement_arrays(root):
        removed += _remove_items(array, lambda item: _declares(item, name))
    for extra in _tables_of(root, "tool", "poetry", "extras"):
        removed += _remove_items(extra, lambda item: _normalized(item) == name)
    for deps in _poetry_dependency_tables(root):
        for key in [k for k in deps if k != "python" and canonical(k) == name]:
            del deps[key]
            removed += 1
    return removed


def _requirement_arrays(root: MutableMapping[str, Any]) -> Iterator[MutableSequence[Any]]:
    """Every array of PEP 508 strings that pip or uv may install."""
    project = table(root, "project")
    if project is not None and isinstance(project.get("dependencies"), MutableSequence):
        yield project["dependencies"]
    yield from _tables_of(root, "project", "optional-dependencies")
    yield from _tables_of(root, "dependency-groups")
    uv = table(root, "tool", "uv")
    if uv is not None and isinstance(uv.get("dev-dependencies"), MutableSequence):
        yield uv["dev-dependencies"]


def _tables_of(root: MutableMapping[str, Any], *keys: str) -> Iterator[MutableSequence[Any]]:
    """The array values of the table at ``keys`` (``{extra: [...]}``-shaped tables)."""
    parent = table(root, *keys)
    if parent is not None:
        yield from (v for v in parent.values() if isinstance(v, MutableSequence))


def _poetry_dependency_tables(
    root: MutableMapping[str, Any],
) -> Iterator[MutableMapping[str, Any]]:
    for keys in (("dependencies",), ("dev-dependencies",)):
        deps = table(root, "tool", "poetry", *keys)
        if deps is not None:
            yield deps
    groups = table(root, "tool", "poetry", "group")
    for group in (groups or {}).values():
        deps = table(group, "dependencies") if isinstance(group, MutableMapping) else None
        if deps is not None:
            yield deps


def _remove_items(array: MutableSequence[Any], matches: Callable[[str], bool]) -> int:
    """Delete the string items ``matches`` accepts (tables such as include-group stay)."""
    doomed = [i for i, item in enumerate(array) if isinstance(item, str) and matches(item)]
    for index in reversed(doomed):
        del array[index]
    return len(doomed)


def _declares(item: str, name: str) -> bool:
    return _name_of(item) == name


def _name_of(requirement: str) -> str:
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return canonical(Requirement(requirement).name)
    except InvalidRequirement:
        return ""


def _normalized(item: str) -> str:
    return canonical(item.strip())
