"""The tool settings codemods follow, read from a project's configuration texts. Pure.

- the formatter's line length: ruff's (``ruff.toml``, ``.ruff.toml``, ``[tool.ruff]``),
  else black's (``[tool.black]``), else their common default of 88;
- mypy's ``python_version`` (``[tool.mypy]``, ``mypy.ini``, ``setup.cfg``'s ``[mypy]``):
  what mypy checks against, which is no floor (:mod:`fixer.fix.floor` is).

``texts`` maps a file name of the project's folder to its text (:meth:`Snapshot.texts`).
"""

from __future__ import annotations

import configparser
import re
import tomllib
from collections.abc import Mapping
from typing import Any

DEFAULT_LINE_LENGTH = 88


def line_length(texts: Mapping[str, str]) -> int:
    for name in ("ruff.toml", ".ruff.toml"):
        value = toml(texts.get(name)).get("line-length")
        if isinstance(value, int):
            return value
    tools = toml(texts.get("pyproject.toml")).get("tool", {})
    for tool in ("ruff", "black"):
        value = tools.get(tool, {}).get("line-length")
        if isinstance(value, int):
            return value
    return DEFAULT_LINE_LENGTH


def mypy_python(texts: Mapping[str, str]) -> tuple[int, int] | None:
    value = toml(texts.get("pyproject.toml")).get("tool", {}).get("mypy", {}).get("python_version")
    if isinstance(value, str) and _version(value):
        return _version(value)
    for name in ("mypy.ini", "setup.cfg"):
        text = texts.get(name)
        if text is None:
            continue
        cfg = configparser.ConfigParser()
        try:
            cfg.read_string(text)
        except configparser.Error:
            continue
        found = cfg.get("mypy", "python_version", fallback=None)
        if found and _version(found):
            return _version(found)
    return None


def toml(text: str | None) -> dict[str, Any]:
    """The document, or nothing when it is absent or does not parse."""
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def _version(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", text)
    return (int(match.group(1)), int(match.group(2))) if match else None
