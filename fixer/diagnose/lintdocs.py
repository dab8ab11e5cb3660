"""F401 violations in the structured forms ruff and flake8 print besides plain lines.

- workflow commands: ruff's ``github`` format (``::error title=ruff (F401),file=...,line=3,
  col=8,...::src/x.py:3:8: F401 ...``) and flake8-github-annotations' (``::error file=...,
  title=F401::'os' imported but unused``); the runner turns a processed command into
  ``##[error]<message>`` with the properties dropped, which is read as a plain line;
- Azure Pipelines logging commands (``azure``): ``##vso[task.logissue ...;code=F401;]...``;
- JSON: ``json`` (pretty-printed), ``json-lines``, ``sarif``, ``gitlab`` and ``rdjson``. Only
  the object holding the trigger is parsed (found by its indentation, the way the tools'
  pretty printers lay it out), with :mod:`json`; a line of a document that is not part of an
  F401 object with a location never becomes a finding;
- ``junit``: ``<testcase name="org.ruff.F401" ... line="3" column="8">`` under a
  ``<testsuite name="/path/x.py">``, the message in the ``<failure>`` that follows.

Each reader returns :class:`Seen` or nothing; the parser in :mod:`fixer.diagnose.ruff`
turns it into a finding.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

NAME = re.compile(r"(?P<q>[`'])(?P<name>[^`']+)(?P=q) imported but unused")
COMMAND = re.compile(r"^::(?:error|warning|notice)\s*+(?P<props>.*?)::(?P<data>.*)$")
AZURE = re.compile(r"^##vso\[task\.logissue (?P<props>[^\]]*)\](?P<data>.*)$")
TESTCASE = re.compile(
    r'^\s*<testcase name="[^"]*\bF401"[^>]*\bline="(\d+)"(?:[^>]*\bcolumn="(\d+)")?'
)
TESTSUITE = re.compile(r'^\s*<testsuite name="(?P<path>[^"]+)"')
FAILURE = re.compile(r'<failure message="(?P<msg>[^"]*)"')
OBJECT_LINES = 1024  # how far from its code line a pretty-printed object may start or end
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Seen:
    path: str
    line: int
    column: int | None
    name: str
    quote: str  # "`" for ruff, "'" for flake8
    ruff_fixable: bool | None = None  # None: the form does not show it


def name_in(message: str) -> tuple[str, str] | None:
    match = NAME.search(message)
    return (match.group("name"), match.group("q")) if match else None


# ---------------------------------------------------------------- workflow commands


def _unescape(text: str, prop: bool = False) -> str:
    text = text.replace("%0D", "\r").replace("%0A", "\n")
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%25", "%")


def workflow_command(text: str) -> tuple[dict[str, str], str] | None:
    """(properties, message) of an unprocessed ``::error ...::message`` line."""
    match = COMMAND.match(text)
    if match is None:
        return None
    props: dict[str, str] = {}
    for pair in match.group("props").split(","):
        key, sep, value = pair.strip().partition("=")
        if sep:
            props[key] = _unescape(value, prop=True)
    return props, _unescape(match.group("data")).split("\n", 1)[0]


def annotation(props: dict[str, str], message: str) -> Seen | None:
    """A flake8-style annotation: the code in ``title``, the place in the properties."""
    named = name_in(message)
    if named is None or "F401" not in props.get("title", "") or not props.get("file"):
        return None
    return _seen(props["file"], props.get("line"), props.get("col"), *named)


def azure(text: str) -> Seen | None:
    match = AZURE.match(text)
    if match is None:
        return None
    props = dict(
        pair.partition("=")[::2] for pair in match.group("props").split(";") if "=" in pair
    )
    named = name_in(match.group("data"))
    if props.get("code") != "F401" or named is None or not props.get("sourcepath"):
        return None
    return _seen(props["sourcepath"], props.get("linenumber"), props.get("columnnumber"), *named)


def _seen(path: str, line: str | None, col: str | None, name: str, quote: str) -> Seen | None:
    if not line or not line.isdigit():
        return None
    return Seen(path, int(line), int(col) if col and col.isdigit() else None, name, quote)


# ---------------------------------------------------------------- JSON


def json_line(text: str) -> list[Seen]:
    """Every F401 object of a whole JSON value on one line (``json-lines``, compact JSON)."""
    return [seen for obj in objects_in(text) if (seen := from_object(obj)) is not None]


def objects_in(text: str) -> list[dict[str, Any]]:
    """Every object of the whole JSON value ``text`` is, nested ones too (none when it is
    no JSON)."""
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return list(_objects(value))


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            if isinstance(item, (dict, list)):
                yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def json_object(
    text: str, before: Callable[[int], list[str]], after: Callable[[int], list[str]]
) -> Seen | None:
    """The F401 object around a pretty-printed ``"...": "F401"`` line, up to two levels
    up (rdjson nests the code one level down)."""
    return enclosing(text, before, after, from_object)


def enclosing(
    text: str,
    before: Callable[[int], list[str]],
    after: Callable[[int], list[str]],
    read: Callable[[dict[str, Any]], T | None],
) -> T | None:
    """What ``read`` makes of the pretty-printed object around ``text``, or of the one
    that holds it (up to two levels up)."""
    around = _Around(text, before, after)
    here, indent = 0, _indent(text)
    for _ in range(2):
        start = next(
            (i for i in around.upwards(here) if around[i].strip() and _indent(around[i]) < indent),
            None,
        )
        if start is None or not around[start].rstrip().endswith("{"):
            return None
        outer = _indent(around[start])
        end = next(
            (
                i
                for i in around.downwards(here)
                if _indent(around[i]) == outer and around[i].lstrip().startswith("}")
            ),
            None,
        )
        if end is None:
            return None
        try:
            obj = json.loads("\n".join(["{", *(around[i] for i in range(start + 1, end)), "}"]))
        except ValueError:
            return None
        seen = read(obj) if isinstance(obj, dict) else None
        if seen is not None:
            return seen
        here, indent = start, outer
    return None


class _Around:
    """The lines around a trigger by offset (negative above), fetched as they are needed."""

    def __init__(
        self, text: str, before: Callable[[int], list[str]], after: Callable[[int], list[str]]
    ) -> None:
        self.text, self._before, self._after = text, before, after
        self.above: list[str] = []  # nearest last
        self.below: list[str] = []
        self._reach = [0, 0]  # how many lines above / below were asked for

    def __getitem__(self, offset: int) -> str:
        if offset == 0:
            return self.text
        return self.above[offset] if offset < 0 else self.below[offset - 1]

    def upwards(self, offset: int) -> Iterator[int]:
        while True:
            offset -= 1
            while -offset > len(self.above):
                if not self._grow(0):
                    return
            yield offset

    def downwards(self, offset: int) -> Iterator[int]:
        while True:
            offset += 1
            while offset > len(self.below):
                if not self._grow(1):
                    return
            yield offset

    def _grow(self, side: int) -> bool:
        """Fetch more lines on one side; False once the log or the limit ends."""
        asked = self._reach[side]
        if asked >= OBJECT_LINES or (
            asked and len(self.above if side == 0 else self.below) < asked
        ):
            return False
        self._reach[side] = want = min(max(8, asked * 6), OBJECT_LINES)
        if side == 0:
            self.above = self._before(want)
        else:
            self.below = self._after(want)
        return True


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def from_object(obj: dict[str, Any]) -> Seen | None:
    """An F401 violation from one object of ruff's JSON, SARIF, GitLab or rdjson output."""
    try:
        if obj.get("code") == "F401" and "filename" in obj:  # json, json-lines
            fix = obj.get("fix")
            fixable = isinstance(fix, dict) and fix.get("applicability") == "safe"
            loc = obj["location"]
            return _named(obj["filename"], loc["row"], loc["column"], obj["message"], fixable)
        if obj.get("ruleId") == "F401" and "locations" in obj:  # sarif
            where = obj["locations"][0]["physicalLocation"]
            uri = where["artifactLocation"]["uri"]
            path = unquote(urlparse(uri).path) if uri.startswith("file:") else uri
            region = where["region"]
            text = obj["message"]["text"]
            return _named(path, region["startLine"], region.get("startColumn"), text)
        if obj.get("check_name") == "F401" and "location" in obj:  # gitlab
            loc = obj["location"]
            begin = loc["positions"]["begin"] if "positions" in loc else loc["lines"]
            return _named(loc["path"], begin["line"], begin.get("column"), obj["description"])
        code = obj.get("code")
        if isinstance(code, dict) and code.get("value") == "F401" and "location" in obj:  # rdjson
            start = obj["location"]["range"]["start"]
            return _named(obj["location"]["path"], start["line"], start["column"], obj["message"])
    except (KeyError, IndexError, TypeError):
        return None
    return None


def _named(
    path: object, line: object, col: object, message: object, fixable: bool | None = None
) -> Seen | None:
    named = name_in(message) if isinstance(message, str) else None
    if named is None or not isinstance(path, str) or not isinstance(line, int):
        return None
    return Seen(path, line, col if isinstance(col, int) else None, *named, fixable)


# ---------------------------------------------------------------- JUnit


def testsuite(text: str) -> str | None:
    match = TESTSUITE.match(text)
    return html.unescape(match.group("path")) if match else None


def testcase(text: str, suite: str | None, after: Callable[[int], list[str]]) -> Seen | None:
    """``<testcase name="org.ruff.F401" ... line= column=>``; the message is in the
    ``<failure>`` element that follows, the path in the enclosing ``<testsuite>``."""
    match = TESTCASE.match(text)
    if match is None or suite is None:
        return None
    for line in after(8):
        failure = FAILURE.search(line)
        if failure:
            line_no, col = match.group(1), match.group(2)
            named = name_in(html.unescape(failure.group("msg")))
            return _seen(suite, line_no, col, *named) if named else None
        if "</testcase>" in line:
            break
    return None
