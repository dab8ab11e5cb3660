"""The HTTP side: a threaded stdlib server on 127.0.0.1 and the ``serve`` context manager."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .dispatch import Dispatcher, RawRequest, RawResponse
from .models import RecordedRequest
from .routes import OPERATIONS, ROUTES
from .routing import Urls
from .spec import LoadedSpec, load
from .state import FakeGitHub

HOST = "127.0.0.1"


class ValidationProblems(AssertionError):
    """The fake saw requests or built responses that GitHub's description rejects."""


@dataclass(frozen=True, slots=True)
class RunningServer:
    state: FakeGitHub
    urls: Urls
    spec: LoadedSpec

    @property
    def base_url(self) -> str:
        """For ``Github(base_url=...)``: the API root, without ``/api/v3``."""
        return self.urls.api

    @property
    def problems(self) -> list[str]:
        return self.state.problems

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.state.requests

    def check(self) -> None:
        """Raise :class:`ValidationProblems` listing every problem seen so far."""
        with self.state.lock:
            problems = list(self.state.problems)
        if problems:
            numbered = [f"{n}. {problem}" for n, problem in enumerate(problems, 1)]
            raise ValidationProblems(
                f"fake GitHub saw {len(problems)} problem(s):\n" + "\n".join(numbered)
            )


@functools.cache
def shared_spec() -> LoadedSpec:
    """The trimmed description and its validator, loaded once per process."""
    return load(OPERATIONS)


@contextmanager
def serve(
    state: FakeGitHub | None = None,
    *,
    download_host: str = "localhost",
    web_url: str = "https://github.com",
    check: bool = True,
) -> Iterator[RunningServer]:
    """Run the fake on 127.0.0.1:<free port> for the ``with`` block.

    Log downloads are served by the same server under another host name (``localhost`` by
    default), as GitHub's come from another host: clients must not send their token there.
    On exit, any validation problem fails the block (unless ``check=False``).
    """
    spec = shared_spec()
    state = state if state is not None else FakeGitHub()
    server = _Server((HOST, 0), _Handler)
    port = server.server_address[1]
    urls = Urls(
        api=f"http://{HOST}:{port}", downloads=f"http://{download_host}:{port}", web=web_url
    )
    server.dispatcher = Dispatcher(state, spec.validator, ROUTES, urls)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    running = RunningServer(state, urls, spec)
    try:
        yield running
    except BaseException as error:
        if state.problems:
            error.add_note("fake GitHub problems:\n" + "\n".join(state.problems))
        raise
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    if check:
        running.check()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections from a burst of parallel
    # clients, which then wait a second to retry.
    request_queue_size = 128
    dispatcher: Dispatcher


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the client's
    # delayed ACK would add about 40 ms to every keep-alive response.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_GET

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = RawRequest(self.command, self.path, list(self.headers.items()), body)
        try:
            response = self.server.dispatcher.handle(request)
        except Exception as error:  # a bug in the fake itself: report it, answer 500
            self.server.dispatcher.state.problems.append(f"fake GitHub crashed: {error!r}")
            response = RawResponse(500, [("Content-Type", "text/plain")], b"fake crashed")
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """Requests are recorded in ``FakeGitHub.requests``; keep stderr quiet."""
