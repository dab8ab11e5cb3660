"""Ask a package index which releases a project has, and whether a requirement can be met.

Before fixer removes a requirement that pip, uv or Poetry could not install, it confirms
with the index that no release satisfies it. The index is read through its simple API:
PEP 691 JSON when the index offers it, else PEP 503 HTML. Versions come from file names
(wheels and sdists) and from PEP 700's ``versions`` list.

The verdict follows pip, so that "no release satisfies it" means pip would fail too:

* pre-releases count when the specifier names one, or when nothing else matches
  (packaging's ``SpecifierSet.filter`` rule, which pip applies);
* yanked releases (PEP 592) count only when the specifier pins one exact version
  (``==1.2`` or ``===1.2``) and no release that is not yanked matches;
* ``requires-python`` is read but never excludes a release: a release that needs another
  Python still satisfies the requirement, so removing the requirement would be wrong;
* a version that PEP 700 lists but that has no file counts as a release (doubt keeps the
  requirement).

Credentials embedded in the index URL (``https://user:token@host/simple/``) are never sent
and never appear in messages: an index that needs them answers 401 and is unavailable.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from http.client import HTTPException, HTTPMessage, HTTPResponse
from typing import IO
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from fixer import __version__
from fixer.errors import FatalError

PYPI = "https://pypi.org/simple/"
ACCEPT = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
    "text/html;q=0.1"
)
JSON_TYPES = frozenset({"application/vnd.pypi.simple.v1+json"})
HTML_TYPES = frozenset({"application/vnd.pypi.simple.v1+html", "text/html"})
MAX_PAGE = 64 * 1024 * 1024  # PyPI's largest project pages are a few MB
SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tbz", ".txz", ".tar")
NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


class IndexUnavailable(FatalError):
    """The index could not be asked, or its answer could not be read."""


@dataclass(frozen=True, slots=True)
class Release:
    version: str  # normalized (PEP 440)
    yanked: bool  # every file of the release is yanked (False when it has no file)
    requires_python: tuple[str, ...] = ()  # the distinct values its files declare
    files: int = 0  # 0 for a version that only PEP 700's list names


@dataclass(frozen=True, slots=True)
class Releases:
    name: str  # normalized (PEP 503)
    exists: bool  # False when the index answered 404
    versions: tuple[Release, ...] = ()  # oldest first


@dataclass(frozen=True, slots=True)
class Verdict:
    name: str  # normalized (PEP 503)
    exists: bool
    matching: tuple[str, ...]  # releases that satisfy the specifier, oldest first
    all_versions: tuple[str, ...]  # every release, yanked ones included, oldest first
    reason: str  # one sentence for the report

    @property
    def satisfiable(self) -> bool:
        return bool(self.matching)


def index_url_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``FIXER_INDEX_URL``, else ``PIP_INDEX_URL``, else PyPI (empty values are unset)."""
    env = os.environ if environ is None else environ
    return env.get("FIXER_INDEX_URL") or env.get("PIP_INDEX_URL") or PYPI


class PackageIndex:
    """A simple-API index; each project is fetched once per instance, even across threads."""

    def __init__(
        self, url: str = PYPI, *, timeout: float = 15.0, user_agent: str | None = None
    ) -> None:
        clean = _strip_credentials(url)
        self.url = clean.rstrip("/") + "/"
        if urlsplit(self.url).scheme not in ("http", "https"):
            raise IndexUnavailable(
                f"package index URL {self.url} is not http(s): "
                "set FIXER_INDEX_URL to the URL of a simple index"
            )
        self.timeout = timeout
        self.user_agent = user_agent or f"fixer/{__version__}"
        self._opener = build_opener(_HttpOnlyRedirects)
        self._answers: dict[str, Releases | IndexUnavailable] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def releases(self, name: str) -> Releases:
        """The project's releases; ``exists`` is False when the index has no such project."""
        if not NAME.match(name):
            raise ValueError(f"{name!r} is not a valid project name")
        project = canonicalize_name(name)
        with self._project_lock(project):
            if project not in self._answers:
                try:
                    self._answers[project] = self._fetch(project)
                except IndexUnavailable as err:
                    self._answers[project] = err
            answer = self._answers[project]
        if isinstance(answer, IndexUnavailable):
            raise IndexUnavailable(answer.message)
        return answer

    def satisfiable(self, requirement: str) -> Verdict:
        """Whether a release satisfies a PEP 508 requirement; its marker is ignored.

        Raises ValueError for an invalid requirement and for a URL requirement
        (``name @ https://...``), which the index cannot tell anything about.
        """
        req = Requirement(requirement)
        if req.url:
            raise ValueError(f"{requirement!r} names a URL, not a release on an index")
        return judge(req, self.releases(req.name))

    def _project_lock(self, project: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(project, threading.Lock())

    def _fetch(self, project: str) -> Releases:
        try:
            page = self._get(self.url + project + "/")
            if page is None:
                return Releases(project, exists=False)
            files, listed = _parse(page, project)
        except _Problem as problem:
            detail = " ".join(str(problem).split())
            raise IndexUnavailable(
                f"cannot look up {project} on the package index {self.url}: {detail}"
            ) from None
        return Releases(project, exists=True, versions=_releases(project, files, listed))

    def _get(self, url: str) -> _Page | None:
        """The page at ``url``, or None for 404; raises :class:`_Problem` for the rest."""
        request = Request(url, headers={"Accept": ACCEPT, "User-Agent": self.user_agent})
        deadline = time.monotonic() + self.timeout
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return _Page(response.headers, _read(response, deadline))
        except HTTPError as err:
            err.close()
            if err.code == 404:
                return None
            hint = " (fixer sends no credentials)" if err.code in (401, 403) else ""
            raise _Problem(f"it answered {err.code} {err.reason}{hint}") from None
        except URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise _Problem(f"no answer within {self.timeout:g} s") from None
            raise _Problem(str(err.reason)) from None
        except TimeoutError:  # waiting for the status line, a read, or the whole page
            raise _Problem(f"no answer within {self.timeout:g} s") from None
        except (OSError, HTTPException) as err:
            raise _Problem(f"{type(err).__name__}: {err}") from None


def judge(req: Requirement, releases: Releases) -> Verdict:
    """The verdict on ``req`` given the releases the index lists (see the module's rules)."""
    every = tuple(r.version for r in releases.versions)
    if not releases.exists:
        reason = f"the index has no project named {req.name}"
        return Verdict(releases.name, False, (), every, reason)
    matching = _matching(req.specifier, releases.versions)
    spec = str(req.specifier) or "any version"
    if matching:
        best = next(r for r in releases.versions if r.version == matching[-1])
        reason = f"{req.name} {best.version}{_caveat(best)} satisfies {spec}"
    else:
        reason = f"no release of {req.name} satisfies {spec} ({_listing(releases.versions)})"
    return Verdict(releases.name, True, matching, every, reason)


def _matching(spec: SpecifierSet, releases: tuple[Release, ...]) -> tuple[str, ...]:
    by_version = {Version(r.version): r for r in releases}
    applicable = [by_version[v] for v in spec.filter(by_version)]
    usable = [r for r in applicable if not r.yanked]
    if not usable and _pins(spec):
        usable = applicable
    return tuple(r.version for r in usable)


def _pins(spec: SpecifierSet) -> bool:
    """Whether ``spec`` names one exact version, which lets a yanked release count (PEP 592)."""
    return any(
        s.operator == "===" or (s.operator == "==" and not s.version.endswith(".*")) for s in spec
    )


def _caveat(release: Release) -> str:
    if release.yanked:
        return " (yanked)"
    return "" if release.files else " (listed without files)"


def _listing(releases: tuple[Release, ...], most: int = 10) -> str:
    """``releases: 0.1, 0.2; yanked: 0.3``, the newest ``most`` of each kind."""
    parts = []
    for label, yanked in (("releases", False), ("yanked", True)):
        versions = [r.version for r in releases if r.yanked is yanked]
        if versions or not yanked:
            shown = ", ".join(versions[-most:]) or "none"
            older = f" and {len(versions) - most} older" if len(versions) > most else ""
            parts.append(f"{label}: {shown}{older}")
    return "; ".join(parts)


# --- HTTP -------------------------------------------------------------------------------


class _Problem(Exception):
    """Why a page could not be read (turned into :class:`IndexUnavailable` by the caller)."""


class _HttpOnlyRedirects(HTTPRedirectHandler):
    """urllib follows redirects to ``ftp:`` too; an index may only send us to http(s)."""

    def http_error_302(
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
    ) -> object:
        location = headers.get("location") or headers.get("uri") or ""
        scheme = urlsplit(urljoin(req.full_url, location)).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise _Problem(
                f"it redirected to a {scheme or 'schemeless'} URL, which is not followed"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


@dataclass(frozen=True, slots=True)
class _Page:
    headers: Message
    body: bytes


def _read(response: HTTPResponse, deadline: float) -> bytes:
    """The whole body, within ``deadline`` (a socket timeout only bounds each read)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(65536):
        size += len(chunk)
        if size > MAX_PAGE:
            raise _Problem(f"its page is larger than {MAX_PAGE // 2**20} MB")
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _strip_credentials(url: str) -> str:
    """``url`` without ``user:password@``: fixer neither sends nor shows them."""
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


# --- pages ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _File:
    filename: str
    yanked: bool
    requires_python: str | None


def _parse(page: _Page, project: str) -> tuple[list[_File], list[str]]:
    """The files and PEP 700 versions of a project page, by its content type."""
    kind = page.headers.get_content_type()
    if kind in JSON_TYPES:
        return _parse_json(page.body)
    if kind in HTML_TYPES:
        try:
            text = page.body.decode(page.headers.get_content_charset() or "utf-8", "replace")
        except LookupError:
            raise _Problem("its page has an unknown charset") from None
        return _parse_html(text, project), []
    raise _Problem(f"it answered {kind}, not a PEP 503 or PEP 691 page")


def _parse_json(body: bytes) -> tuple[list[_File], list[str]]:
    try:
        data: object = json.loads(body)
    except ValueError as err:
        raise _Problem(f"its page is not valid JSON ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise _Problem("its JSON page has no list of files")
    meta = data.get("meta")
    _check_api_version(meta.get("api-version") if isinstance(meta, dict) else None)
    files = [_json_file(entry) for entry in data["files"]]
    listed = data.get("versions", [])
    if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
        raise _Problem("its JSON page has versions that are not a list of strings")
    return files, listed


def _json_file(entry: object) -> _File:
    if not isinstance(entry, dict) or not isinstance(entry.get("filename"), str):
        raise _Problem("its JSON page lists a file without a filename")
    yanked = entry.get("yanked", False)
    requires = entry.get("requires-python")
    return _File(
        entry["filename"],
        yanked is True or isinstance(yanked, str),
        requires if isinstance(requires, str) else None,
    )


def _check_api_version(version: object) -> None:
    """PEP 629: a client must refuse a major version of the API it does not know."""
    if isinstance(version, str) and version.split(".")[0] != "1":
        raise _Problem(f"it speaks version {version} of the simple API; fixer reads 1.x")


class _Anchors(HTMLParser):
    """PEP 503 anchors; attribute values arrive HTML-unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.files: list[_File] = []
        self.api_version: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href")
        if tag == "a" and href:
            filename = unquote(posixpath.basename(urlsplit(href).path))
            yanked = "data-yanked" in values
            self.files.append(_File(filename, yanked, values.get("data-requires-python")))
        elif tag == "meta" and values.get("name") == "pypi:repository-version":
            self.api_version = values.get("content")


def _parse_html(text: str, project: str) -> list[_File]:
    parser = _Anchors()
    parser.feed(text)
    parser.close()
    _check_api_version(parser.api_version)
    named = (canonicalize_name(f.filename).startswith(project + "-") for f in parser.files)
    if parser.files and not any(named):
        # a login page or a web site's catch-all page, not an index: never read it as
        # "a project without releases"
        raise _Problem(f"its page links to no file of {project}: is it a simple index?")
    return parser.files


# --- versions ---------------------------------------------------------------------------


def _releases(project: str, files: list[_File], listed: list[str]) -> tuple[Release, ...]:
    found: dict[Version, list[_File]] = {}
    for text in listed:  # first, so that the index's spelling of a version wins
        version = _version(text)
        if version is not None:
            found.setdefault(version, [])
    for file in files:
        version = _file_version(file.filename, project)
        if version is not None:
            found.setdefault(version, []).append(file)
    return tuple(_release(version, found[version]) for version in sorted(found))


def _release(version: Version, files: list[_File]) -> Release:
    yanked = bool(files) and all(f.yanked for f in files)
    requires = dict.fromkeys(f.requires_python for f in files if f.requires_python)
    return Release(str(version), yanked, tuple(requires), len(files))


def _file_version(filename: str, project: str) -> Version | None:
    """The version of a wheel or sdist of ``project``; None for anything else."""
    if filename.endswith(".whl"):
        try:
            name, version, _, _ = parse_wheel_filename(filename)
        except (InvalidWheelFilename, InvalidVersion):
            return None
        return version if name == project else None
    stem = next((filename[: -len(s)] for s in SDIST_SUFFIXES if filename.endswith(s)), None)
    if stem is None:
        return None
    try:
        name, version = parse_sdist_filename(stem + ".tar.gz")
    except InvalidSdistFilename:
        return _legacy_sdist_version(stem, project)
    return version if name == project else _legacy_sdist_version(stem, project)


def _legacy_sdist_version(stem: str, project: str) -> Version | None:
    """Old sdists put dashes in versions (``foo-1.0-beta``): find the name as pip does."""
    for at, char in enumerate(stem):
        if char == "-" and canonicalize_name(stem[:at]) == project:
            return _version(stem[at + 1 :])
    return None


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None
