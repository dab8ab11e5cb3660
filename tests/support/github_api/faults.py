"""GitHub's error responses, for queueing with :meth:`FakeGitHub.fail` and for handlers.

Bodies have the shapes GitHub's description gives them: ``basic-error`` (``message``,
``documentation_url``, ``status`` as a string), ``validation-error`` for 422 and the
``service_unavailable`` object for 503 (neither has ``status``). They are validated like
every other response.
"""

from __future__ import annotations

from typing import Any

from .models import Fault

DOCS = "https://docs.github.com/rest"
RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
SECONDARY_RATE_LIMIT_DOCS = f"{RATE_LIMIT_DOCS}#about-secondary-rate-limits"


def error(status: int, message: str, docs: str = DOCS) -> Fault:
    """A ``basic-error`` response."""
    return Fault(status, {"message": message, "documentation_url": docs, "status": str(status)})


def not_found() -> Fault:
    return error(404, "Not Found")


def bad_credentials() -> Fault:
    return error(401, "Bad credentials")


def requires_authentication() -> Fault:
    return error(401, "Requires authentication")


def forbidden(message: str = "Resource not accessible by personal access token") -> Fault:
    return error(403, message)


def rate_limited(*, reset: int, limit: int = 5000, retry_after: int | None = None) -> Fault:
    """The primary rate limit: 403, ``x-ratelimit-remaining: 0``, reset as epoch seconds."""
    headers = [
        ("x-ratelimit-limit", str(limit)),
        ("x-ratelimit-remaining", "0"),
        ("x-ratelimit-used", str(limit)),
        ("x-ratelimit-reset", str(reset)),
        ("x-ratelimit-resource", "core"),
    ]
    if retry_after is not None:
        headers.append(("retry-after", str(retry_after)))
    body = error(403, "API rate limit exceeded for user ID 1.", RATE_LIMIT_DOCS).body
    return Fault(403, body, tuple(headers))


def secondary_rate_limited(*, retry_after: int = 60, status: int = 403) -> Fault:
    """A secondary rate limit: 403 (or 429) with ``retry-after`` and remaining quota left."""
    message = (
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
    )
    body = error(status, message, SECONDARY_RATE_LIMIT_DOCS).body
    return Fault(status, body, (("retry-after", str(retry_after)),))


def server_error(status: int = 500) -> Fault:
    """500 or 502 (``basic-error``), or 503 (GitHub's ``service_unavailable`` object)."""
    if status == 503:
        return Fault(503, {"message": "Service Unavailable", "documentation_url": DOCS})
    if status not in (500, 502):
        raise ValueError(f"not a server error this fake sends: {status}")
    return error(status, "Server Error")


def validation_failed(*errors: dict[str, Any], docs: str = DOCS) -> Fault:
    """422 with GitHub's ``validation-error`` body (``errors`` items need a ``code``).

    That schema has no ``status`` field, so unlike :func:`error` none is sent.
    """
    return Fault(
        422, {"message": "Validation Failed", "documentation_url": docs, "errors": list(errors)}
    )
