"""Check requests and responses against GitHub's OpenAPI description with openapi-core.

Requests are *unmarshalled* (validated, then turned into typed parameters and body with the
description's defaults applied), so handlers read exactly what GitHub's description says the
request means. Responses are validated: status, documented headers, media type and body.
The few departures from openapi-core's defaults are all in :mod:`.compat`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from .compat import (
    READ_VALIDATORS,
    WRITE_UNMARSHALLERS,
    WRITE_VALIDATORS,
    GitHubResponseValidator,
)

# GitHub's API origin as its description's ``servers`` entry names it. The fake serves the
# same paths at http://127.0.0.1:PORT; requests are presented to openapi-core at this origin.
GITHUB_API = "https://api.github.com"


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
        # The first app also checks the description itself against the OpenAPI 3.0 schema.
        requests = Config(
            schema_validators_factory=WRITE_VALIDATORS,
            schema_unmarshallers_factory=WRITE_UNMARSHALLERS,
        )
        self._requests = OpenAPI.from_dict(document, config=requests)
        responses = Config(
            # Already checked just above. openapi-core documents None as "skip the check",
            # but its annotation leaves None out.
            spec_validator_cls=None,  # type: ignore[arg-type]
            response_validator_cls=GitHubResponseValidator,
            schema_validators_factory=READ_VALIDATORS,
            additional_properties_default_policy="forbid",
        )
        self._responses = OpenAPI.from_dict(document, config=responses)
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
