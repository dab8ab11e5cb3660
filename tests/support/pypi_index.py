"""A real package index on 127.0.0.1 for tests: PEP 503 HTML and PEP 691 JSON pages.

``serve_index({"types-requests": ["2.31.0", Release("2.32.0", yanked=True)]})`` runs a
threaded HTTP server on a free port for the ``with`` block. Like PyPI it picks the form
from the Accept header (or always serves one form, like an older index), answers 404 for
unknown projects, redirects names that are not normalized (301) and URLs without their
trailing slash, lists PEP 700 ``versions`` in JSON (API 1.1), and marks yanked files and
``requires-python``. It records every request so tests can count them, and can be told to
answer every request with a fixed :class:`Reply`, to wait, to hang, or to trickle its answer.
A :class:`File` given its ``content`` (a real wheel) is served at its link, with that
content's hash, so that an installer can read its metadata.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import quote

from packaging.utils import canonicalize_name

HOST = "127.0.0.1"
JSON_V1 = "application/vnd.pypi.simple.v1+json"
HTML_V1 = "application/vnd.pypi.simple.v1+html"
TEXT_HTML = "text/html"
# what each media type a client may ask for is served as
MEDIA = {
    JSON_V1: JSON_V1,
    "application/vnd.pypi.simple.latest+json": JSON_V1,
    HTML_V1: HTML_V1,
    "application/vnd.pypi.simple.latest+html": HTML_V1,
    TEXT_HTML: TEXT_HTML,
    "*/*": TEXT_HTML,
}

Form = Literal["negotiate", "json", "html"]


@dataclass(frozen=True, slots=True)
class File:
    """One file exactly as listed; ``version`` puts it in PEP 700's ``versions`` list."""

    filename: str
    yanked: bool | str = False  # a string is the reason
    requires_python: str | None = None
    version: str | None = None
    content: bytes | None = None  # served at the file's link when given


@dataclass(frozen=True, slots=True)
class Release:
    """A version with an sdist and a wheel named the modern way."""

    version: str
    yanked: bool | str = False
    requires_python: str | None = None

    def files(self, project: str) -> list[File]:
        stem = f"{project.replace('-', '_')}-{self.version}"
        return [
            File(f"{stem}{suffix}", self.yanked, self.requires_python, self.version)
            for suffix in (".tar.gz", "-py3-none-any.whl")
        ]


@dataclass(frozen=True, slots=True)
class Listed:
    """A version that PEP 700's ``versions`` list names although it has no file left."""

    version: str


Entry = str | Release | File | Listed  # a string is a plain Release
Listing = File | Listed
Render = Callable[[], str]


@dataclass(frozen=True, slots=True)
class Seen:
    method: str
    path: str
    accept: str | None
    authorization: str | None
    user_agent: str | None


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/plain"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class IndexServer:
    """The running index; change ``form``, ``reply``, ``hang`` or ``trickle`` at any time."""

    url: str = ""  # http://127.0.0.1:PORT/simple/
    projects: dict[str, list[Listing]] = field(default_factory=dict)  # by normalized name
    form: Form = "negotiate"
    reply: Reply | None = None  # answer every request with this
    hang: bool = False  # answer nothing until the server stops
    delay: float = 0.0  # seconds to wait before answering
    trickle: bool = False  # send the headers, then one byte of the body every 0.1 s
    requests: list[Seen] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requests_for(self, project: str) -> list[Seen]:
        """The requests for one project's page, under any spelling of its name."""
        with self.lock:
            seen = list(self.requests)
        return [r for r in seen if _project_of(r.path) == canonicalize_name(project)]

    def fail(self, status: int = 500) -> None:
        self.reply = Reply(status, b"the index broke\n")

    def answer(self, path: str, accept: str | None) -> Reply:
        route = path.split("?", 1)[0]
        if route.startswith("/files/"):
            return self._file(route.removeprefix("/files/"))
        if not route.startswith("/simple/"):
            return Reply(404)
        rest = route.removeprefix("/simple/")
        if not rest.endswith("/"):
            return _redirect(route + "/")
        name = rest.rstrip("/")
        if not name:
            return self._page(self._root_json, self._root_html, accept)
        if "/" in name:
            return Reply(404)
        if canonicalize_name(name) != name:
            return _redirect(f"/simple/{canonicalize_name(name)}/")
        if name not in self.projects:
            return Reply(404, b"Not Found\n")
        listings = self.projects[name]
        return self._page(
            lambda: _project_json(name, listings), lambda: _project_html(name, listings), accept
        )

    def _file(self, filename: str) -> Reply:
        for listings in self.projects.values():
            for f in listings:
                if isinstance(f, File) and f.filename == filename and f.content is not None:
                    return Reply(200, f.content, "application/octet-stream")
        return Reply(404, b"Not Found\n")

    def _page(self, as_json: Render, as_html: Render, accept: str | None) -> Reply:
        media = {"json": JSON_V1, "html": TEXT_HTML}.get(self.form) or negotiate(accept)
        if media is None:
            return Reply(406, b"Not Acceptable\n")
        body = as_json() if media == JSON_V1 else as_html()
        return Reply(200, body.encode(), media)

    def _root_json(self) -> str:
        projects = [{"name": name} for name in sorted(self.projects)]
        return json.dumps({"meta": {"api-version": "1.1"}, "projects": projects})

    def _root_html(self) -> str:
        links = [f'<a href="{name}/">{name}</a><br/>' for name in sorted(self.projects)]
        return _html_document("Simple index", links)


def wheel(name: str, version: str, requires: Sequence[str] = ()) -> tuple[str, bytes]:
    """A minimal pure-Python wheel: one module, METADATA with its Requires-Dist."""
    import base64
    import io
    import zipfile

    module = name.replace("-", "_")
    info = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": f'__version__ = "{version}"\n'.encode(),
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
            + "".join(f"Requires-Dist: {r}\n" for r in requires)
        ).encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: make.py\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(data)}")
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for path, data in files.items():
            archive.writestr(zipfile.ZipInfo(path, date_time=(2025, 1, 1, 0, 0, 0)), data)
    return f"{module}-{version}-py3-none-any.whl", buf.getvalue()


def wheels(projects: Mapping[str, Sequence[tuple[str, Sequence[str]]]]) -> dict[str, list[Entry]]:
    """``{name: [(version, requires), ...]}`` as the real wheels :func:`serve_index` serves."""
    return {
        name: [
            File(filename, version=version, content=data)
            for version, requires in releases
            for filename, data in [wheel(name, version, requires)]
        ]
        for name, releases in projects.items()
    }


@contextmanager
def serve_index(
    projects: Mapping[str, Sequence[Entry]], *, form: Form = "negotiate", port: int = 0
) -> Iterator[IndexServer]:
    """Serve ``projects`` (name -> versions or files) on 127.0.0.1:<port> (a free one)."""
    index = IndexServer(form=form)
    for name, entries in projects.items():
        index.projects[canonicalize_name(name)] = _listings(name, entries)
    server = _Server((HOST, port), _Handler)
    server.index = index
    index.url = f"http://{HOST}:{server.server_address[1]}/simple/"
    thread = threading.Thread(
        target=server.serve_forever, args=(0.02,), name="pypi-index", daemon=True
    )
    thread.start()
    try:
        yield index
    finally:
        index.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()


def negotiate(accept: str | None) -> str | None:
    """The media type to answer with, by q-value then order (PEP 691); None for 406."""
    if not accept:
        return TEXT_HTML
    best: tuple[float, int, str] | None = None
    for order, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = next((_float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        served = MEDIA.get(media.lower())
        if served and quality > 0 and (best is None or (quality, -order) > best[:2]):
            best = (quality, -order, served)
    return best[2] if best else None


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _listings(name: str, entries: Sequence[Entry]) -> list[Listing]:
    listings: list[Listing] = []
    for entry in entries:
        if isinstance(entry, File | Listed):
            listings.append(entry)
        else:
            release = Release(entry) if isinstance(entry, str) else entry
            listings.extend(release.files(canonicalize_name(name)))
    return listings


def _redirect(location: str) -> Reply:
    return Reply(301, b"", "text/plain", (("Location", location),))


def _project_of(path: str) -> str | None:
    parts = path.split("?", 1)[0].split("/")
    return (
        canonicalize_name(parts[2])
        if len(parts) > 2 and parts[1] == "simple" and parts[2]
        else None
    )


def _digest(file: File) -> str:
    data = file.content if file.content is not None else file.filename.encode()
    return hashlib.sha256(data).hexdigest()


def _project_json(name: str, listings: list[Listing]) -> str:
    versions = list(dict.fromkeys(f.version for f in listings if f.version))
    files = [f for f in listings if isinstance(f, File)]
    listed = [
        {
            "filename": f.filename,
            "url": f"../../files/{f.filename}",
            "hashes": {"sha256": _digest(f)},
            "requires-python": f.requires_python,
            "yanked": f.yanked,
            "size": len(f.content) if f.content is not None else len(f.filename),
            "upload-time": "2024-01-01T00:00:00.000000Z",
        }
        for f in files
    ]
    meta = {"api-version": "1.1"}
    return json.dumps({"meta": meta, "name": name, "files": listed, "versions": versions})


def _project_html(name: str, listings: list[Listing]) -> str:
    anchors = [_anchor(f) for f in listings if isinstance(f, File)]
    return _html_document(f"Links for {name}", anchors)


def _anchor(file: File) -> str:
    href = f"../../files/{quote(file.filename)}#sha256={_digest(file)}"
    attrs = f'href="{html.escape(href)}"'
    if file.requires_python is not None:
        attrs += f' data-requires-python="{html.escape(file.requires_python)}"'
    if file.yanked is not False:
        reason = file.yanked if isinstance(file.yanked, str) else ""
        attrs += f' data-yanked="{html.escape(reason)}"'
    return f"<a {attrs}>{html.escape(file.filename)}</a><br/>"


def _html_document(title: str, lines: list[str]) -> str:
    head = f'<meta name="pypi:repository-version" content="1.1"><title>{title}</title>'
    body = "\n".join([f"<h1>{title}</h1>", *lines])
    return f"<!DOCTYPE html>\n<html>\n<head>{head}</head>\n<body>\n{body}\n</body>\n</html>\n"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    index: IndexServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self._answer("GET")

    def do_HEAD(self) -> None:
        """The headers a GET would get (uv asks whether a wheel's host serves ranges)."""
        self._answer("HEAD")

    def _answer(self, method: str) -> None:
        index = self.server.index
        seen = Seen(
            method,
            self.path,
            self.headers.get("Accept"),
            self.headers.get("Authorization"),
            self.headers.get("User-Agent"),
        )
        with index.lock:
            index.requests.append(seen)
        if index.hang or index.stopping.wait(index.delay):
            index.stopping.wait(30)
            self.close_connection = True
            return
        self._send(index.reply or index.answer(self.path, seen.accept), index, method)

    def _send(self, reply: Reply, index: IndexServer, method: str = "GET") -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        for key, value in reply.headers:
            self.send_header(key, value)
        self.end_headers()
        if method == "HEAD":
            return
        if not index.trickle:
            self.wfile.write(reply.body)
            return
        for byte in reply.body:
            if index.stopping.wait(0.1):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up
                self.close_connection = True
                return

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``IndexServer.requests`` instead."""
