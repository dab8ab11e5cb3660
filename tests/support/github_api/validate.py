"""Check requests and responses against GitHub's OpenAPI description with openapi-core.

Requests are *unmarshalled* (validated, then turned into typed parameters and body with the
description's defaults applied), so handlers read exactly what GitHub's description says the
request means. Responses are validated: status, documented headers, media type and body.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core import Config, OpenAPI, V30ResponseValidator
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.responses.exceptions import ResponseNotFound
from werkzeug.datastructures import Headers, ImmutableMultiDict

from .trim import COMPONENT_PREFIX

# GitHub's API origin as its description's ``servers`` entry names it. The fake serves the
# same paths at http://127.0.0.1:PORT; requests are presented to openapi-core at this origin.
GITHUB_API = "https://api.github.com"

# Statuses GitHub can answer on *every* operation, which its description documents per
# operation only where a team chose to. The REST docs describe them globally: 401 for a
# missing or bad token ("Bad credentials"), 403 and 429 for primary and secondary rate
# limits, 404 for resources the token cannot see, and 5xx server errors. When an operation
# does not list such a status, its response is checked against GitHub's own shared response
# object for it. 502 and 429 have no shared object; their bodies are GitHub's ``basic-error``
# like the 500 and 403 ones. Anything else undocumented is still a validation error.
UNDOCUMENTED_STATUS_RESPONSES: Mapping[int, str] = {
    401: "requires_authentication",
    403: "forbidden",
    404: "not_found",
    429: "forbidden",
    500: "internal_error",
    502: "internal_error",
    503: "service_unavailable",
}
FALLBACK_REFS = tuple(
    f"{COMPONENT_PREFIX}responses/{name}"
    for name in sorted(set(UNDOCUMENTED_STATUS_RESPONSES.values()))
)


class GitHubResponseValidator(V30ResponseValidator):
    """openapi-core's 3.0 response validator plus :data:`UNDOCUMENTED_STATUS_RESPONSES`."""

    def _find_operation_response(self, status_code: int, operation: SchemaPath) -> SchemaPath:
        try:
            return super()._find_operation_response(status_code, operation)
        except ResponseNotFound:
            name = UNDOCUMENTED_STATUS_RESPONSES.get(status_code)
            if name is None:
                raise
            return self.spec / "components" / "responses" / name


@dataclass(slots=True)
class ApiRequest:
    """An HTTP request as openapi-core's ``Request`` protocol wants it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: list[tuple[str, str]]
    body: bytes | None
    host_url: str = GITHUB_API
    parameters: RequestParameters = field(init=False)

    def __post_init__(self) -> None:
        self.method = self.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(self.query), header=Headers(self.headers)
        )

    @property
    def content_type(self) -> str:
        return (self.parameters.header.get("Content-Type") or "").lower()


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """An HTTP response as openapi-core's ``Response`` protocol wants it."""

    status_code: int
    headers: Headers
    data: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").lower()


@dataclass(frozen=True, slots=True)
class Unmarshalled:
    """A request's typed path and query parameters and body, or why it is invalid."""

    path: dict[str, Any]
    query: dict[str, Any]
    body: Any
    errors: tuple[str, ...]


class SpecValidator:
    """Thread-safe front to openapi-core.

    Requests are judged by GitHub's description as published. Responses are the fake's own
    output, so they are held to one more rule: besides satisfying the schemas, they may carry
    only properties the description documents (openapi-core's "forbid" policy for schemas
    that leave ``additionalProperties`` open). A misspelt field in a payload builder then
    fails loudly instead of passing as an undocumented extra.
    """

    def __init__(self, document: dict[str, Any]) -> None:
        # The first app checks the description itself against the OpenAPI 3.0 schema.
        self._requests = OpenAPI.from_dict(document)
        strict = Config(
            spec_validator_cls=None,  # already checked just above
            response_validator_cls=GitHubResponseValidator,
            additional_properties_default_policy="forbid",
        )
        self._responses = OpenAPI.from_dict(document, config=strict)
        self._lock = threading.Lock()

    def unmarshal_request(self, request: ApiRequest) -> Unmarshalled:
        with self._lock:
            result = self._requests.unmarshal_request(request)
        return Unmarshalled(
            path=dict(result.parameters.path),
            query=dict(result.parameters.query),
            body=result.body,
            errors=tuple(describe(error) for error in result.errors),
        )

    def response_errors(self, request: ApiRequest, response: ApiResponse) -> tuple[str, ...]:
        with self._lock:
            errors = list(self._responses.response_validator.iter_errors(request, response))
        return tuple(describe(error) for error in errors)


def describe(error: BaseException) -> str:
    """One readable line per problem, including each JSON-schema failure and where it is."""
    lines = [f"{type(error).__name__}: {_shorten(str(error))}"]
    for cause in _causes(error):
        schema_errors = getattr(cause, "schema_errors", None)
        if schema_errors is None:
            lines.append(f"  caused by {type(cause).__name__}: {cause}")
            continue
        lines.extend(_schema_error_lines(schema_errors))
    for nested in getattr(error, "context", None) or ():
        if isinstance(nested, BaseException):
            lines.append("  " + describe(nested).replace("\n", "\n  "))
    return "\n".join(lines)


def _causes(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    cause = error.__cause__
    while cause is not None and cause not in found:
        found.append(cause)
        cause = cause.__cause__
    return found


def _schema_error_lines(schema_errors: Iterable[Exception]) -> list[str]:
    lines = []
    for schema_error in schema_errors:
        where = "/".join(str(part) for part in getattr(schema_error, "absolute_path", ()))
        message = getattr(schema_error, "message", str(schema_error))
        lines.append(f"  at /{where}: {_shorten(message)}")
    return lines


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
