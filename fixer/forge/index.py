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

import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage, HTTPResponse
from typing import IO
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    canonicalize_name,
)
from packaging.version import Version

from fixer import __version__
from fixer.errors import FatalError
from fixer.forge.simple_api import (
    Page,
    Problem,
    Release,
    parse_page,
    releases_from,
)

PYPI = "https://pypi.org/simple/"
ACCEPT = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
    "text/html;q=0.1"
)
MAX_PAGE = 64 * 1024 * 1024  # PyPI's largest project pages are a few MB
NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


class IndexUnavailable(FatalError):
    """The index could not be asked, or its answer could not be read."""


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
            files, listed = parse_page(page, project)
        except Problem as problem:
            detail = " ".join(str(problem).split())
            raise IndexUnavailable(
                f"cannot look up {project} on the package index {self.url}: {detail}"
            ) from None
        return Releases(project, exists=True, versions=releases_from(project, files, listed))

    def _get(self, url: str) -> Page | None:
        """The page at ``url``, or None for 404; raises :class:`Problem` for the rest."""
        request = Request(url, headers={"Accept": ACCEPT, "User-Agent": self.user_agent})
        deadline = time.monotonic() + self.timeout
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return Page(response.headers, _read(response, deadline))
        except HTTPError as err:
            err.close()
            if err.code == 404:
                return None
            hint = " (fixer sends no credentials)" if err.code in (401, 403) else ""
            raise Problem(f"it answered {err.code} {err.reason}{hint}") from None
        except URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise Problem(f"no answer within {self.timeout:g} s") from None
            raise Problem(str(err.reason)) from None
        except TimeoutError:  # waiting for the status line, a read, or the whole page
            raise Problem(f"no answer within {self.timeout:g} s") from None
        except (OSError, HTTPException) as err:
            raise Problem(f"{type(err).__name__}: {err}") from None


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


class _HttpOnlyRedirects(HTTPRedirectHandler):
    """urllib follows redirects to ``ftp:`` too; an index may only send us to http(s)."""

    def http_error_302(
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage
    ) -> object:
        location = headers.get("location") or headers.get("uri") or ""
        scheme = urlsplit(urljoin(req.full_url, location)).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise Problem(f"it redirected to a {scheme or 'schemeless'} URL, which is not followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _read(response: HTTPResponse, deadline: float) -> bytes:
    """The whole body, within ``deadline`` (a socket timeout only bounds each read)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(65536):
        size += len(chunk)
        if size > MAX_PAGE:
            raise Problem(f"its page is larger than {MAX_PAGE // 2**20} MB")
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _strip_credentials(url: str) -> str:
    """``url`` without ``user:password@``: fixer neither sends nor shows them."""
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


# --- pages ------------------------------------------------------------------------------


# --- versions ---------------------------------------------------------------------------


__all__ = ["PYPI", "IndexUnavailable", "PackageIndex", "Release", "Releases", "Verdict", "judge"]
