"""Masking of secrets in everything fixer prints or writes, as the runner's ``***`` does.

Logs carry tokens the runner failed to mask (a token pasted into a URL, an
``Authorization`` header echoed by ``curl -v``), and fixer quotes logs in its reports,
commit messages and pull request bodies. :func:`mask` is applied at the output edge:
to stdout and stderr (installed by the CLI), to the commit message, and to a pull
request's body. It masks: anything shaped like a GitHub token (``ghp_``, ``gho_``,
``ghu_``, ``ghs_``, ``ghr_``, ``github_pat_``), credentials in URLs
(``https://user:pass@``), ``Authorization: token|bearer|basic ...``, ``*TOKEN=...`` /
``*SECRET=...`` style assignments, and the running token's own value, as a whole word
and only when it is long enough (a short value would eat ordinary words). Text that
cannot be encoded (lone surrogates from file names that are not UTF-8) is replaced with
U+FFFD, so every output, JSON included, is valid UTF-8.
"""

from __future__ import annotations

import io
import os
import re
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
_SHAPES = re.compile(
    r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"
    r"|(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"  # user:password@host
    r"|(?<=://)(?:x-access-token|oauth2|x-oauth-basic)(?=@)"
    r"|(?i:(?<=authorization: )(?:token|bearer|basic) +)[^\s\"']+"
    r"|(?i:(?<=authorization:)(?:token|bearer|basic) +)[^\s\"']+"
    r"|\b[A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|API_KEY)[A-Z0-9_]*\s*[=:]\s*(?!\*\*\*)[^\s\"']+",
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_values: set[str] = set()


def remember(secret: str | None) -> None:
    """Mask ``secret``'s value from now on (when long enough to be told from words)."""
    if secret and len(secret.strip()) >= MIN_SECRET:
        _values.add(secret.strip())


for _name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PAT", "ACTIONS_RUNTIME_TOKEN"):
    remember(os.environ.get(_name))


def _shape(match: re.Match[str]) -> str:
    text = match.group(0)
    if "=" in text or ":" in text:
        head = re.match(r"(?i)^(?:[A-Z0-9_]*\s*[=:]\s*|(?:token|bearer|basic) +)", text)
        if head and not text.startswith(("gh", "github_pat_")):
            return head.group(0) + MASK
    return MASK


def mask(text: str, exact: Iterable[str] = ()) -> str:
    """``text`` with every secret replaced by ``***`` and unencodable characters by U+FFFD.

    ``exact`` are secrets the caller holds (a token, its base64 form in a header): each is
    masked wherever it occurs, inside a word too and whatever its length, on top of
    everything above (never instead of it)."""
    for value in sorted({v for v in exact if v}, key=len, reverse=True):
        text = text.replace(value, MASK)
    for value in sorted(_values, key=len, reverse=True):
        if value in text:
            text = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", MASK, text)
    text = _SHAPES.sub(_shape, text)
    return _SURROGATE.sub("\ufffd", text)


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
