"""GitHub's error responses, for queueing with :meth:`FakeGitHub.fail` and for handlers.

Bodies have GitHub's ``basic-error`` shape (``message``, ``documentation_url``, and since
2023 ``status`` as a string); they are validated like every other response.
"""

from __future__ import annotations

from typing import Any

from .models import Fault

DOCS = "https://docs.github.com/rest"
RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
SECONDARY_RATE_LIMIT_DOCS = f"{RATE_LIMIT_DOCS}#about-secondary-rate-limits"


def error(status: int, message: str, docs: str = DOCS, **extra: Any) -> Fault:
    body = {"message": message, "documentation_url": docs, "status": str(status), **extra}
    return Fault(status, body)


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
    if status not in (500, 502, 503):
        raise ValueError(f"not a server error GitHub is known to send: {status}")
    messages = {500: "Server Error", 502: "Server Error", 503: "Service Unavailable"}
    return error(status, messages[status])


def validation_failed(*errors: dict[str, Any], docs: str = DOCS) -> Fault:
    """422 with GitHub's ``validation-error`` body (``errors`` items need a ``code``)."""
    return error(422, "Validation Failed", docs, errors=list(errors))
