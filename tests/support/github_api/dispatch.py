"""From raw HTTP request to raw HTTP response: checks, routing, faults, recording.

For an API path: no token in the URL or body, the request matches GitHub's description (else
400), the token is known (else 401), a queued fault for the route wins, then the handler
answers; the answer must match the description too (else 500). Every failed check is also
appended to ``FakeGitHub.problems``, which ``serve`` turns into a test failure.
"""

from __future__ import annotations

import json
import time
import traceback
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from werkzeug.datastructures import Headers

from .credentials import authenticate, header, leaks, redacted
from .faults import DOCS, not_found
from .models import Download, Fault, RecordedRequest
from .routing import DOWNLOAD_PREFIX, ApiError, Call, Reply, Route, Urls, match
from .state import FakeGitHub
from .validate import ApiRequest, ApiResponse, SpecValidator

JSON_TYPE = "application/json; charset=utf-8"
BASE_HEADERS = (
    ("X-GitHub-Media-Type", "github.v3; format=json"),
    ("X-GitHub-Api-Version-Selected", "2022-11-28"),
)
RATE_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class RawRequest:
    method: str
    target: str
    headers: Sequence[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class RawResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class Dispatcher:
    def __init__(
        self, state: FakeGitHub, validator: SpecValidator, routes: Sequence[Route], urls: Urls
    ) -> None:
        self.state = state
        self.validator = validator
        self.routes = routes
        self.urls = urls
        self._separate_downloads = urls.downloads != urls.api

    def handle(self, raw: RawRequest) -> RawResponse:
        split = urllib.parse.urlsplit(raw.target)
        query = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        with self.state.lock:
            for place in leaks(self.state, raw.target, raw.headers, raw.body):
                self._problem(f"{raw.method} {split.path}: a token appears in {place}")
            route: Route | None = None
            login: str | None = None
            if split.path.startswith(DOWNLOAD_PREFIX):
                response = self._download(raw, split.path)
            else:
                route = match(self.routes, raw.method, split.path)
                response, login = self._api(raw, route, split.path, query)
            self.state.requests.append(
                RecordedRequest(
                    raw.method,
                    split.path,
                    tuple(query),
                    redacted(raw.headers),
                    raw.body,
                    route.template if route else None,
                    login,
                    response.status,
                )
            )
            return response

    def _api(
        self, raw: RawRequest, route: Route | None, path: str, query: list[tuple[str, str]]
    ) -> tuple[RawResponse, str | None]:
        where = f"{raw.method} {path}"
        if route is None:
            self._problem(f"{where}: the fake does not implement this endpoint")
            return _json(404, not_found().body), None
        request = ApiRequest(raw.method, path, query, list(raw.headers), raw.body or None)
        parsed = self.validator.unmarshal_request(request)
        if parsed.errors:
            self._problem(
                f"{where}: request does not match GitHub's OpenAPI description", parsed.errors
            )
            body = {
                "message": "Request does not match GitHub's OpenAPI description",
                "errors": list(parsed.errors),
                "documentation_url": DOCS,
            }
            return _json(400, body), None
        user = authenticate(self.state, raw.headers)
        if isinstance(user, Fault):
            return self._checked(request, ApiError.of(user).reply), None
        fault = self.state.take_fault(raw.method, path, route.template)
        if fault is not None:
            return self._checked(request, ApiError.of(fault).reply), user.login
        call = Call(
            self.state, user, self.urls, path, tuple(query), parsed.path, parsed.query, parsed.body
        )
        try:
            reply = route.handler(call)
        except ApiError as error:
            reply = error.reply
        except Exception:
            self._problem(f"{where}: the fake's handler failed", (traceback.format_exc(),))
            return _json(500, {"message": "fake GitHub handler failed"}), user.login
        return self._checked(request, reply), user.login

    def _checked(self, request: ApiRequest, reply: Reply) -> RawResponse:
        response = self._encode(reply)
        headers = Headers(response.headers)
        errors = self.validator.response_errors(
            request, ApiResponse(response.status, headers, response.body)
        )
        if errors:
            where = f"{request.method.upper()} {request.path} -> {response.status}"
            self._problem(f"{where}: response does not match GitHub's OpenAPI description", errors)
            body = {
                "message": "fake GitHub built a response GitHub's description rejects",
                "errors": list(errors),
            }
            return _json(500, body)
        return response

    def _encode(self, reply: Reply) -> RawResponse:
        used = len(self.state.requests) + 1
        reset = int(time.time()) + 3600
        defaults = [
            *BASE_HEADERS,
            ("X-GitHub-Request-Id", f"F1XE:{used:04X}:{self.state.next_id():06X}"),
            ("x-ratelimit-limit", str(RATE_LIMIT)),
            ("x-ratelimit-remaining", str(max(RATE_LIMIT - used, 0))),
            ("x-ratelimit-used", str(used)),
            ("x-ratelimit-reset", str(reset)),
            ("x-ratelimit-resource", "core"),
        ]
        overridden = {name.lower() for name, _ in reply.headers}
        headers = [(name, value) for name, value in defaults if name.lower() not in overridden]
        headers.extend(reply.headers)
        body = b""
        if reply.body is not None:
            body = json.dumps(reply.body).encode()
            headers.append(("Content-Type", JSON_TYPE))
        return RawResponse(reply.status, headers, body)

    def _download(self, raw: RawRequest, path: str) -> RawResponse:
        key = path[len(DOWNLOAD_PREFIX) :].split("/", 1)[0]
        download: Download | None = self.state.downloads.get(key)
        if header(raw.headers, "Authorization") is not None and self._separate_downloads:
            # GitHub's download hosts are third parties: a token sent there has leaked.
            self._problem(f"{raw.method} {path}: Authorization header sent to the download host")
        if raw.method != "GET" or download is None:
            return RawResponse(404, [("Content-Type", "text/plain")], b"Not Found")
        headers = [
            ("Content-Type", download.content_type),
            ("Content-Disposition", f"attachment; filename={download.name}"),
        ]
        return RawResponse(200, headers, download.content)

    def _problem(self, summary: str, details: Sequence[str] = ()) -> None:
        self.state.problems.append("\n".join([summary, *details]))


def _json(status: int, body: object) -> RawResponse:
    return RawResponse(status, [("Content-Type", JSON_TYPE)], json.dumps(body).encode())
