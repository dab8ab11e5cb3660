"""Tokens: who a request authenticates as, and where a token must never show up."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence

from .faults import bad_credentials, requires_authentication
from .models import Fault, User
from .state import MIN_TOKEN_LENGTH, FakeGitHub

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization"})


def header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def authenticate(state: FakeGitHub, headers: Sequence[tuple[str, str]]) -> User | Fault:
    """``Authorization: token X`` or ``Bearer X`` with a known X, else GitHub's 401."""
    value = header(headers, "Authorization")
    if value is None:
        return requires_authentication()
    scheme, _, token = value.partition(" ")
    user = state.user_for_token(token.strip())
    if scheme.lower() not in ("token", "bearer") or user is None:
        return bad_credentials()
    return user


def leaks(
    state: FakeGitHub, target: str, headers: Sequence[tuple[str, str]], body: bytes
) -> list[str]:
    """Where a known or presented token appears outside the Authorization header."""
    presented = (header(headers, "Authorization") or "").partition(" ")[2].strip()
    secrets = {s for s in (*state.tokens, presented) if len(s) >= MIN_TOKEN_LENGTH}
    decoded_target = urllib.parse.unquote(target)
    text = body.decode("utf-8", "replace")
    found = []
    if _contains_any((target, decoded_target), secrets):
        found.append(f"the request URL ({_masked(decoded_target, secrets)})")
    if _contains_any((text,), secrets):
        found.append("the request body")
    return found


def redacted(headers: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The headers with every credential replaced by ``***`` (the scheme is kept)."""
    return tuple(
        (name, f"{value.partition(' ')[0]} ***" if name.lower() in SECRET_HEADERS else value)
        for name, value in headers
    )


def _contains_any(texts: Iterable[str], secrets: set[str]) -> bool:
    return any(secret in text for text in texts for secret in secrets)


def _masked(text: str, secrets: set[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text
