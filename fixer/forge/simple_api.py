"""Read a package index's simple-API page: PEP 691 JSON or PEP 503 HTML.

Pure parsing: a page's headers and bytes in, the project's releases out. Versions come
from file names (wheels and sdists, including older sdist spellings) and from PEP 700's
``versions`` list; a release is yanked when every one of its files is.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

JSON_TYPES = frozenset({"application/vnd.pypi.simple.v1+json"})
HTML_TYPES = frozenset({"application/vnd.pypi.simple.v1+html", "text/html"})
SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tbz", ".txz", ".tar")


@dataclass(frozen=True, slots=True)
class Release:
    version: str  # normalized (PEP 440)
    yanked: bool  # every file of the release is yanked (False when it has no file)
    requires_python: tuple[str, ...] = ()  # the distinct values its files declare
    files: int = 0  # 0 for a version that only PEP 700's list names


class Problem(Exception):
    """Why a page could not be read (turned into :class:`IndexUnavailable` by the caller)."""


@dataclass(frozen=True, slots=True)
class Page:
    headers: Message
    body: bytes


@dataclass(frozen=True, slots=True)
class File:
    filename: str
    yanked: bool
    requires_python: str | None


def parse_page(page: Page, project: str) -> tuple[list[File], list[str]]:
    """The files and PEP 700 versions of a project page, by its content type."""
    kind = page.headers.get_content_type()
    if kind in JSON_TYPES:
        return _parse_json(page.body)
    if kind in HTML_TYPES:
        try:
            text = page.body.decode(page.headers.get_content_charset() or "utf-8", "replace")
        except LookupError:
            raise Problem("its page has an unknown charset") from None
        return _parse_html(text, project), []
    raise Problem(f"it answered {kind}, not a PEP 503 or PEP 691 page")


def _parse_json(body: bytes) -> tuple[list[File], list[str]]:
    try:
        data: object = json.loads(body)
    except ValueError as err:
        raise Problem(f"its page is not valid JSON ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise Problem("its JSON page has no list of files")
    meta = data.get("meta")
    _check_api_version(meta.get("api-version") if isinstance(meta, dict) else None)
    files = [_json_file(entry) for entry in data["files"]]
    listed = data.get("versions", [])
    if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
        raise Problem("its JSON page has versions that are not a list of strings")
    return files, listed


def _json_file(entry: object) -> File:
    if not isinstance(entry, dict) or not isinstance(entry.get("filename"), str):
        raise Problem("its JSON page lists a file without a filename")
    yanked = entry.get("yanked", False)
    requires = entry.get("requires-python")
    return File(
        entry["filename"],
        yanked is True or isinstance(yanked, str),
        requires if isinstance(requires, str) else None,
    )


def _check_api_version(version: object) -> None:
    """PEP 629: a client must refuse a major version of the API it does not know."""
    if isinstance(version, str) and version.split(".")[0] != "1":
        raise Problem(f"it speaks version {version} of the simple API; fixer reads 1.x")


class _Anchors(HTMLParser):
    """PEP 503 anchors; attribute values arrive HTML-unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.files: list[File] = []
        self.api_version: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href")
        if tag == "a" and href:
            filename = unquote(posixpath.basename(urlsplit(href).path))
            yanked = "data-yanked" in values
            self.files.append(File(filename, yanked, values.get("data-requires-python")))
        elif tag == "meta" and values.get("name") == "pypi:repository-version":
            self.api_version = values.get("content")


def _parse_html(text: str, project: str) -> list[File]:
    parser = _Anchors()
    parser.feed(text)
    parser.close()
    _check_api_version(parser.api_version)
    named = (canonicalize_name(f.filename).startswith(project + "-") for f in parser.files)
    if parser.files and not any(named):
        # a login page or a web site's catch-all page, not an index: never read it as
        # "a project without releases"
        raise Problem(f"its page links to no file of {project}: is it a simple index?")
    return parser.files


def releases_from(project: str, files: list[File], listed: list[str]) -> tuple[Release, ...]:
    found: dict[Version, list[File]] = {}
    for text in listed:  # first, so that the index's spelling of a version wins
        version = _version(text)
        if version is not None:
            found.setdefault(version, [])
    for file in files:
        version = _file_version(file.filename, project)
        if version is not None:
            found.setdefault(version, []).append(file)
    return tuple(_release(version, found[version]) for version in sorted(found))


def _release(version: Version, files: list[File]) -> Release:
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
