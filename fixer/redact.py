"""Masking of secrets in everything fixer prints or writes, as the runner's ``***`` does.

Logs carry tokens the runner failed to mask (a token pasted into a URL, an
``Authorization`` header echoed by ``curl -v``), and fixer quotes logs in its reports,
commit messages and pull request bodies. :func:`mask` is applied at the output edge:
to stdout and stderr (installed by the CLI), to the commit message, and to a pull
request's body. It masks: anything shaped like a GitHub token (``ghp_``, ``gho_``,
``ghu_``, ``ghs_``, ``ghr_``, ``github_pat_``), credentials in URLs
(``https://user:pass@``), ``Authorization: token|bearer|basic ...``, ``*TOKEN=...`` /
``*SECRET=...`` style assignments (quoted or not), and the running token's own value, as
a whole word and only when it is long enough (a short value would eat ordinary words).
Text that cannot be encoded (lone surrogates from file names that are not UTF-8) is
replaced with U+FFFD, so every output, JSON included, is valid UTF-8.

A JSON document is masked before it is serialized (:func:`dumps`, :func:`mask_tree`):
each string is masked as the text it is, so an escape (``\\"``, ``\\t``) can neither hide
a secret from the shapes nor be cut by a mask. The stream mask still runs on the JSON
text (it runs on everything printed), and is safe there too: it also looks at the text
with every JSON escape (and every terminal colour) blanked out, and a mask never starts or
ends inside an escape (``\\"``, ``\\\\``, ``\\uXXXX``, ``\\x1b[1m``): it widens to take
the whole escape, so a quote or a backslash is never left without its pair. In plain text
that widening costs at most one escape's worth of characters masked beside a secret.

The patterns are linear on any line: their repetitions are possessive or bounded by
character classes that cannot overlap what follows them.
"""

from __future__ import annotations

import io
import json
import os
import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import TextIO

# the names of environment variables that hold credentials
SECRET = re.compile(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|API_KEY|ACCESS_KEY)"
    r"|^(GH_|GITHUB_PAT|ACTIONS_ID_TOKEN|ACTIONS_RUNTIME|NPM_AUTH|TWINE_|PYPI_)",
    re.IGNORECASE,
)

MASK = "***"
MIN_SECRET = 8  # shorter values are not masked by value: "Max retries" must stay
# Each pattern's secret is its group "v" when it has one (what stays is the name and the
# quote of an assignment), else the whole match.
_SHAPES = (
    re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}+|github_pat_[A-Za-z0-9_]{20,}+)"),
    # user:password@host; a quote is never part of it (a URL has it %-encoded), and so a
    # mask of the stream never joins two strings of a JSON document
    re.compile(r"(?<=://)[^/\s:@\"]++:[^/\s@\"]++(?=@)"),
    re.compile(r"(?<=://)(?:x-access-token|oauth2|x-oauth-basic)(?=@)"),
    re.compile(
        r"(?i:(?:(?<=authorization: )|(?<=authorization:))(?:token|bearer|basic) ++)[^\s\"']++"
    ),
    re.compile(
        r"\b(?=[A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|API_KEY))[A-Z0-9_]++\s*+[=:]\s*+[\"']?"
        r"(?!\*\*\*)(?P<v>(?:[^\s\"'\\]|\\(?=[^\s\"']))++)"
    ),
)
# A JSON escape, or a terminal's colour (``\x1b[1m``): what hides a secret's edge from the
# shapes, and what a mask must take whole or leave whole.
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|.)|\x1b\[[0-9;]{0,32}+[A-Za-z]", re.S)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SCHEME = re.compile(r"^(?i:token|bearer|basic) +")  # an Authorization header's
_NOT_SECRET = {"x-access-token", "x-oauth-basic"}  # the user names a token URL carries
_values: set[str] = set()


def remember(secret: str | None) -> None:
    """Mask ``secret``'s value from now on (when long enough to be told from words)."""
    if secret and len(secret.strip()) >= MIN_SECRET:
        _values.add(secret.strip())


for _name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "ACTIONS_RUNTIME_TOKEN"):
    remember(os.environ.get(_name))


def _found(text: str) -> list[tuple[int, int]]:
    """The spans of every shape and remembered value in ``text``."""
    spans = []
    for pattern in _SHAPES:
        for match in pattern.finditer(text):
            spans.append(match.span("v") if "v" in pattern.groupindex else match.span())
    # a remembered value is long enough to be told from words (MIN_SECRET): it is masked
    # wherever it occurs, glued to other text too (``\\<token>ERROR``), as the runner does
    return spans + _exactly(text, _values)


def _exactly(text: str, exact: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for value in {v for v in exact if v}:
        start = text.find(value)
        while start >= 0:
            spans.append((start, start + len(value)))
            start = text.find(value, start + 1)
    return spans


def _widened(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """``spans`` with every end that falls inside a JSON escape moved out of it."""
    escapes = [m.span() for m in _ESCAPE.finditer(text)]
    starts = [s for s, _ in escapes]

    def out(at: int, left: bool) -> int:
        i = bisect_right(starts, at) - 1
        if i >= 0 and escapes[i][0] < at < escapes[i][1]:
            return escapes[i][0] if left else escapes[i][1]
        return at

    return [(out(s, True), out(e, False)) for s, e in spans]


def _learn(found: Iterable[str]) -> set[str]:
    """The secret values inside ``found`` shapes, remembered from now on (as the runner's
    ``***`` does: a value it masks once, it masks everywhere): a URL's password (what
    follows ``user:``), a token; only those long enough to be told from words."""
    learned = set()
    for shape in found:
        value = shape.split(":", 1)[1] if ":" in shape and "://" not in shape else shape
        value = _SCHEME.sub("", value.strip())
        if len(value) < MIN_SECRET or value in _values or value in _NOT_SECRET:
            continue
        if MASK not in value and not any(c in value for c in '\\"\x1b'):  # no escape
            learned.add(value)
            _values.add(value)
    return learned


def learn_tree(value: object) -> None:
    """Remember every secret value that a shape shows anywhere in ``value``."""
    if isinstance(value, str):
        _learn(value[start:end] for start, end in _found(value))
    elif isinstance(value, dict):
        for k, v in value.items():
            learn_tree(k)
            learn_tree(v)
    elif isinstance(value, list | tuple):
        for v in value:
            learn_tree(v)


def mask(text: str, exact: Iterable[str] = ()) -> str:
    """``text`` with every secret replaced by ``***`` and unencodable characters by U+FFFD.

    ``exact`` are secrets the caller holds (a token, its base64 form in a header): each is
    masked wherever it occurs, inside a word too and whatever its length, on top of
    everything above (never instead of it)."""
    shapes = _found(text)
    spans = shapes + _exactly(text, exact)
    learned = _learn(text[start:end] for start, end in shapes)
    if learned:  # a value seen once as a secret is one everywhere, before it too
        spans += _exactly(text, learned)
    if "\\" in text or "\x1b" in text:  # JSON or colour: look past the escapes, cut none
        spans += _found(_ESCAPE.sub(lambda m: " " * len(m.group()), text))
        spans = _widened(spans, text)
    if spans:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif start < end:
                merged.append([start, end])
        pieces, done = [], 0
        for start, end in merged:
            pieces += [text[done:start], MASK]
            done = end
        pieces.append(text[done:])
        text = "".join(pieces)
    return _SURROGATE.sub("\ufffd", text)


def mask_tree(value: object) -> object:
    """``value`` (what :func:`json.dumps` takes) with every string in it masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {mask_tree(k): mask_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_tree(v) for v in value]
    return value


def dumps(document: object) -> str:
    """``document`` as indented JSON, every string masked before it is serialized."""
    learn_tree(document)  # a secret a later string shows is masked in an earlier one too
    return json.dumps(mask_tree(document), indent=2, ensure_ascii=False)


class MaskedStream(io.TextIOBase):
    """A text stream that masks everything written to it before passing it on."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(mask(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()
