"""The package index client against a real index served on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from fixer import __version__
from fixer.forge.index import (
    ACCEPT,
    PYPI,
    IndexUnavailable,
    PackageIndex,
    Release,
    index_url_from_env,
)
from tests.support import pypi_index
from tests.support.pypi_index import File, IndexServer, Listed, Reply, serve_index

NAME = "types-prometheus-client"
FORMS: list[pypi_index.Form] = ["json", "html", "negotiate"]


@pytest.fixture
def index() -> Iterator[IndexServer]:
    projects = {
        NAME: ["0.1", "0.2"],
        "types-requests": ["2.31.0", "2.32.0"],
    }
    with serve_index(projects) as server:
        yield server


def client(server: IndexServer, timeout: float = 5.0) -> PackageIndex:
    return PackageIndex(server.url, timeout=timeout)


# --- verdicts -----------------------------------------------------------------------------


def test_a_release_satisfies_the_requirement(index: IndexServer) -> None:
    verdict = client(index).satisfiable("types-requests>=2.32")
    assert verdict.satisfiable
    assert verdict.exists
    assert verdict.name == "types-requests"
    assert verdict.matching == ("2.32.0",)
    assert verdict.all_versions == ("2.31.0", "2.32.0")
    assert verdict.reason == "types-requests 2.32.0 satisfies >=2.32"


def test_no_release_satisfies_the_requirement(index: IndexServer) -> None:
    verdict = client(index).satisfiable(f"{NAME}>=0.19.0")
    assert not verdict.satisfiable
    assert verdict.exists
    assert verdict.matching == ()
    assert verdict.all_versions == ("0.1", "0.2")
    assert verdict.reason == f"no release of {NAME} satisfies >=0.19.0 (releases: 0.1, 0.2)"


def test_a_project_the_index_does_not_know(index: IndexServer) -> None:
    verdict = client(index).satisfiable("types-nothing-here>=1")
    assert not verdict.exists
    assert not verdict.satisfiable
    assert verdict.all_versions == ()
    assert verdict.reason == "the index has no project named types-nothing-here"
    assert [r.path for r in index.requests] == ["/simple/types-nothing-here/"]


@pytest.mark.parametrize(
    "marker",
    ['extra == "dev"', 'python_version < "3"', 'sys_platform == "nowhere"'],
    ids=["extra", "python-version-never-true", "platform"],
)
def test_the_marker_is_ignored(index: IndexServer, marker: str) -> None:
    verdict = client(index).satisfiable(f"{NAME}>=0.19.0; {marker}")
    assert verdict.reason == f"no release of {NAME} satisfies >=0.19.0 (releases: 0.1, 0.2)"
    assert client(index).satisfiable(f"{NAME}>=0.2; {marker}").matching == ("0.2",)


def test_no_specifier_means_any_release(index: IndexServer) -> None:
    verdict = client(index).satisfiable(NAME)
    assert verdict.matching == ("0.1", "0.2")
    assert verdict.reason == f"{NAME} 0.2 satisfies any version"


def test_the_reason_lists_the_newest_releases() -> None:
    versions = [f"0.{n}" for n in range(1, 16)]
    with serve_index({NAME: versions}) as server:
        verdict = client(server).satisfiable(f"{NAME}>=1")
    newest = ", ".join(versions[-10:])
    assert verdict.reason == f"no release of {NAME} satisfies >=1 (releases: {newest} and 5 older)"


# --- names --------------------------------------------------------------------------------


def test_a_name_that_is_not_normalized_is_asked_for_normalized(index: IndexServer) -> None:
    verdict = client(index).satisfiable("Types_Prometheus.Client>=0.2")
    assert verdict.name == NAME
    assert verdict.matching == ("0.2",)
    assert verdict.reason == "Types_Prometheus.Client 0.2 satisfies >=0.2"
    assert [r.path for r in index.requests] == [f"/simple/{NAME}/"]


def test_every_spelling_of_a_name_shares_one_request(index: IndexServer) -> None:
    packages = client(index)
    spellings = [
        "Types_Prometheus.Client",
        NAME,
        "TYPES-PROMETHEUS-CLIENT",
        "types.prometheus_client",
    ]
    assert len({packages.releases(s) for s in spellings}) == 1
    assert len(index.requests) == 1


def test_an_invalid_name_is_refused_before_any_request(index: IndexServer) -> None:
    with pytest.raises(ValueError, match="not a valid project name"):
        client(index).releases("../admin")
    assert index.requests == []


def test_the_index_url_may_lack_its_trailing_slash(index: IndexServer) -> None:
    packages = PackageIndex(index.url.rstrip("/"))
    assert packages.url == index.url
    assert packages.satisfiable("types-requests==2.31.0").satisfiable


def test_redirects_are_followed() -> None:
    with serve_index({NAME: ["0.20.0"]}) as new, serve_index({}) as old:
        old.reply = Reply(301, headers=(("Location", f"{new.url}{NAME}/"),))
        verdict = client(old).satisfiable(f"{NAME}>=0.19.0")
    assert verdict.matching == ("0.20.0",)
    assert len(new.requests) == 1


# --- yanked releases, pre-releases, requires-python ---------------------------------------


def test_yanked_releases_do_not_satisfy_a_range() -> None:
    releases: list[pypi_index.Entry] = [
        "0.1",
        pypi_index.Release("0.20.0", yanked=True),
        pypi_index.Release("0.21", yanked="broken"),
    ]
    for form in FORMS:
        with serve_index({NAME: releases}, form=form) as server:
            verdict = client(server).satisfiable(f"{NAME}>=0.19.0")
        assert verdict.matching == (), form
        assert verdict.all_versions == ("0.1", "0.20.0", "0.21"), form
        assert verdict.reason == (
            f"no release of {NAME} satisfies >=0.19.0 (releases: 0.1; yanked: 0.20.0, 0.21)"
        ), form


def test_a_yanked_release_satisfies_an_exact_pin() -> None:
    """PEP 592, as pip applies it: ``==`` naming a yanked release still installs it."""
    with serve_index({NAME: ["0.1", pypi_index.Release("0.20.0", yanked=True)]}) as server:
        packages = client(server)
        pinned = packages.satisfiable(f"{NAME}==0.20.0")
        wildcard = packages.satisfiable(f"{NAME}==0.20.*")
    assert pinned.matching == ("0.20.0",)
    assert pinned.reason == f"{NAME} 0.20.0 (yanked) satisfies ==0.20.0"
    assert wildcard.matching == ()


def test_a_release_with_one_file_left_unyanked_is_not_yanked() -> None:
    files = [
        File("types_prometheus_client-0.20.0.tar.gz", yanked=True),
        File("types_prometheus_client-0.20.0-py3-none-any.whl"),
    ]
    with serve_index({NAME: files}) as server:
        assert client(server).satisfiable(f"{NAME}>=0.19.0").matching == ("0.20.0",)


@pytest.mark.parametrize(
    ("versions", "specifier", "matching"),
    [
        (["0.1", "0.20.0rc1"], ">=0.19.0", ("0.20.0rc1",)),
        (["0.19.0", "0.20.0rc1"], ">=0.19.0", ("0.19.0",)),
        (["0.19.0", "0.20.0rc1"], ">=0.20.0rc1", ("0.20.0rc1",)),
        (["0.2", "1.0rc1"], ">=0.1", ("0.2",)),
        (["0.2", "1.0.dev3"], "==1.0.dev3", ("1.0.dev3",)),
    ],
    ids=[
        "only-a-pre-release-matches",
        "a-final-release-hides-pre-releases",
        "the-specifier-names-a-pre-release",
        "pre-release-beside-a-final-match",
        "dev-release-pinned",
    ],
)
def test_pre_releases(versions: list[str], specifier: str, matching: tuple[str, ...]) -> None:
    with serve_index({NAME: versions}) as server:
        assert client(server).satisfiable(NAME + specifier).matching == matching


def test_requires_python_is_read_but_never_excludes_a_release() -> None:
    release = pypi_index.Release("0.20.0", requires_python=">=3.99,<4 ")
    for form in FORMS:
        with serve_index({NAME: [release]}, form=form) as server:
            packages = client(server)
            releases = packages.releases(NAME)
            verdict = packages.satisfiable(f"{NAME}>=0.19.0")
        assert releases.versions == (Release("0.20.0", False, (">=3.99,<4 ",), 2),), form
        assert verdict.matching == ("0.20.0",), form


def test_a_version_listed_without_files_still_counts() -> None:
    with serve_index({NAME: ["0.1", Listed("0.20.0")]}, form="json") as server:
        verdict = client(server).satisfiable(f"{NAME}>=0.19.0")
    assert verdict.matching == ("0.20.0",)
    assert verdict.reason == f"{NAME} 0.20.0 (listed without files) satisfies >=0.19.0"


# --- pages --------------------------------------------------------------------------------

ODD_FILES = [
    File("Foo-1.0-beta.tar.gz", requires_python=">=2.7,!=3.0.*"),
    File("foo-1.1.zip", yanked="bad <upload> & more"),
    File("foo-1.2.tar.bz2"),
    File("Foo_Bar-9.0.tar.gz"),
    File("foo_bar-9.1-py3-none-any.whl"),
    File("foo-2.0-py2.7.egg"),
    File("foo-2.1.win32.exe"),
    File("foo-not-a-version.tar.gz"),
    File("foo-2.2-cp311-cp311-manylinux_2_17_x86_64.whl"),
    File("foo-2.3.dev1+local-py3-none-any.whl"),
    File("foo-2.4-bad-wheel.whl"),
    File("foo bar-3.0.tar.gz"),
]


def test_the_html_and_json_forms_give_the_same_releases() -> None:
    answers = {}
    for form in FORMS:
        with serve_index({"foo": ODD_FILES}, form=form) as server:
            answers[form] = client(server).releases("foo")
    assert answers["json"] == answers["html"] == answers["negotiate"]
    assert answers["json"].versions == (
        Release("1.0b0", False, (">=2.7,!=3.0.*",), 1),
        Release("1.1", True, (), 1),
        Release("1.2", False, (), 1),
        Release("2.2", False, (), 1),
        Release("2.3.dev1+local", False, (), 1),
    )


@pytest.mark.parametrize("form", FORMS)
def test_the_client_asks_for_json_first(index: IndexServer, form: pypi_index.Form) -> None:
    index.form = form
    client(index).releases(NAME)
    (seen,) = index.requests
    assert seen.accept == ACCEPT
    assert pypi_index.negotiate(seen.accept) == pypi_index.JSON_V1
    assert seen.user_agent == f"fixer/{__version__}"


def test_the_user_agent_can_be_chosen(index: IndexServer) -> None:
    PackageIndex(index.url, user_agent="fixer-tests/1").releases(NAME)
    assert index.requests[0].user_agent == "fixer-tests/1"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    "files",
    [[], [File("foo-2.0-py2.7.egg"), File("foo-2.0.win32.exe")]],
    ids=["no-files", "only-files-pip-cannot-install"],
)
def test_a_project_without_installable_files_has_no_releases(
    form: pypi_index.Form, files: list[pypi_index.Entry]
) -> None:
    with serve_index({"foo": files}, form=form) as server:
        verdict = client(server).satisfiable("foo")
    assert verdict.exists
    assert verdict.reason == "no release of foo satisfies any version (releases: none)"


# --- caching ------------------------------------------------------------------------------


def test_a_second_question_makes_no_request(index: IndexServer) -> None:
    packages = client(index)
    first = packages.satisfiable(f"{NAME}>=0.19.0")
    second = packages.satisfiable(f"{NAME}>=0.1")
    packages.satisfiable("types-nothing-here")
    packages.satisfiable("types-nothing-here>=2")
    assert first.matching == ()
    assert second.matching == ("0.1", "0.2")
    assert len(index.requests_for(NAME)) == 1
    assert len(index.requests_for("types-nothing-here")) == 1


def test_threads_share_one_request(index: IndexServer) -> None:
    index.delay = 0.3  # keeps the first request open while the others arrive
    packages = client(index)
    results = []

    def ask() -> None:
        results.append(packages.releases(NAME))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len(set(results)) == 1
    assert len(index.requests) == 1


def test_a_failure_is_remembered_too(index: IndexServer) -> None:
    packages = client(index)
    index.fail(500)
    with pytest.raises(IndexUnavailable):
        packages.releases(NAME)
    index.reply = None
    with pytest.raises(IndexUnavailable):
        packages.releases(NAME)
    assert len(index.requests) == 1


def test_each_client_asks_again(index: IndexServer) -> None:
    client(index).releases(NAME)
    client(index).releases(NAME)
    assert len(index.requests) == 2


# --- failures -----------------------------------------------------------------------------


def one_line_error(packages: PackageIndex, name: str = NAME) -> str:
    with pytest.raises(IndexUnavailable) as caught:
        packages.releases(name)
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__
    return message


def test_a_server_error_makes_the_index_unavailable(index: IndexServer) -> None:
    index.fail(500)
    assert one_line_error(client(index)) == (
        f"cannot look up {NAME} on the package index {index.url}: "
        "it answered 500 Internal Server Error"
    )


def test_a_server_that_does_not_answer_times_out(index: IndexServer) -> None:
    index.hang = True
    message = one_line_error(client(index, timeout=0.3))
    assert message.endswith(f"{index.url}: no answer within 0.3 s")


def test_a_server_that_answers_too_slowly_times_out(index: IndexServer) -> None:
    index.trickle = True  # one byte every 0.1 s: each read is quick, the whole is not
    message = one_line_error(client(index, timeout=0.5))
    assert message.endswith(f"{index.url}: no answer within 0.5 s")


def test_a_refused_connection_makes_the_index_unavailable() -> None:
    with serve_index({}) as server:
        url = server.url
    message = one_line_error(PackageIndex(url, timeout=2))
    assert message.startswith(f"cannot look up {NAME} on the package index {url}: ")
    assert "refused" in message.lower()


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        (
            Reply(200, b"{not json", pypi_index.JSON_V1),
            "its page is not valid JSON (Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1))",
        ),
        (Reply(200, b'{"projects": []}', pypi_index.JSON_V1), "its JSON page has no list of files"),
        (
            Reply(200, b'{"files": [{"url": "x"}]}', pypi_index.JSON_V1),
            "its JSON page lists a file without a filename",
        ),
        (
            Reply(200, b'{"meta": {"api-version": "2.0"}, "files": []}', pypi_index.JSON_V1),
            "it speaks version 2.0 of the simple API; fixer reads 1.x",
        ),
        (
            Reply(200, b'<meta name="pypi:repository-version" content="2.0">', "text/html"),
            "it speaks version 2.0 of the simple API; fixer reads 1.x",
        ),
        (
            Reply(200, b"types-prometheus-client 0.1", "text/plain"),
            "it answered text/plain, not a PEP 503 or PEP 691 page",
        ),
        (
            Reply(
                200, b'<html><a href="/login">Sign in</a><a href="/">Home</a></html>', "text/html"
            ),
            f"its page links to no file of {NAME}: is it a simple index?",
        ),
        (
            Reply(200, b"<html></html>", "text/html; charset=klingon"),
            "its page has an unknown charset",
        ),
        (
            Reply(302, headers=(("Location", "ftp://127.0.0.1/simple/"),)),
            "it redirected to a ftp URL, which is not followed",
        ),
        (
            Reply(302, headers=(("Location", "file:///etc/passwd"),)),
            "it redirected to a file URL, which is not followed",
        ),
        (Reply(401), "it answered 401 Unauthorized (fixer sends no credentials)"),
        (Reply(406), "it answered 406 Not Acceptable"),
    ],
    ids=[
        "invalid-json",
        "json-without-files",
        "json-file-without-name",
        "unknown-api-version",
        "unknown-api-version-in-html",
        "not-an-index-page",
        "a-web-page-not-an-index",
        "unknown-charset",
        "redirect-to-ftp",
        "redirect-to-a-file",
        "needs-credentials",
        "not-acceptable",
    ],
)
def test_answers_that_cannot_be_read(index: IndexServer, reply: Reply, detail: str) -> None:
    index.reply = reply
    message = one_line_error(client(index))
    assert message == f"cannot look up {NAME} on the package index {index.url}: {detail}"


def test_an_index_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(
        IndexUnavailable, match=r"^package index URL file:///srv/simple/ is not http"
    ):
        PackageIndex("file:///srv/simple")


def test_a_url_requirement_cannot_be_checked(index: IndexServer) -> None:
    with pytest.raises(ValueError, match="names a URL"):
        client(index).satisfiable(f"{NAME} @ https://example.org/t.whl")
    assert index.requests == []


def test_an_invalid_requirement_is_a_value_error(index: IndexServer) -> None:
    with pytest.raises(ValueError):
        client(index).satisfiable(f"{NAME} >>= 1")


# --- credentials --------------------------------------------------------------------------


def with_credentials(url: str, userinfo: str = "fixer-user:s3cr%40t-token") -> str:
    return url.replace("http://", f"http://{userinfo}@")


def test_credentials_are_not_sent(index: IndexServer) -> None:
    packages = PackageIndex(with_credentials(index.url))
    assert packages.satisfiable(f"{NAME}>=0.2").satisfiable
    assert packages.url == index.url
    assert index.requests[0].authorization is None


@pytest.mark.parametrize("status", [401, 500])
def test_credentials_never_appear_in_a_message(index: IndexServer, status: int) -> None:
    index.fail(status)
    message = one_line_error(PackageIndex(with_credentials(index.url)))
    assert index.url in message
    for secret in ("s3cr", "fixer-user", "%40", "@"):
        assert secret not in message


def test_credentials_never_appear_when_the_server_is_gone() -> None:
    with serve_index({}) as server:
        url = with_credentials(server.url, "__token__:pypi-AgEIcHlwaS5vcmc")
    message = one_line_error(PackageIndex(url, timeout=2))
    assert "pypi-AgE" not in message
    assert "__token__" not in message


def test_a_token_alone_as_user_is_never_shown(index: IndexServer) -> None:
    index.fail(503)
    message = one_line_error(PackageIndex(with_credentials(index.url, "ghp_abc123")))
    assert "ghp_abc123" not in message
    assert index.requests[0].authorization is None


# --- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "url"),
    [
        ({}, PYPI),
        ({"PIP_INDEX_URL": "https://pip.example/simple/"}, "https://pip.example/simple/"),
        (
            {
                "FIXER_INDEX_URL": "https://fixer.example/simple",
                "PIP_INDEX_URL": "https://pip.example/",
            },
            "https://fixer.example/simple",
        ),
        ({"FIXER_INDEX_URL": "", "PIP_INDEX_URL": "https://pip.example/"}, "https://pip.example/"),
        ({"FIXER_INDEX_URL": "", "PIP_INDEX_URL": ""}, PYPI),
    ],
    ids=["pypi", "pip", "fixer-first", "empty-fixer-is-unset", "both-empty"],
)
def test_the_index_url_comes_from_the_environment(environ: dict[str, str], url: str) -> None:
    assert index_url_from_env(environ) == url


def test_the_index_url_from_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIXER_INDEX_URL", raising=False)
    monkeypatch.setenv("PIP_INDEX_URL", "https://pip.example/simple/")
    assert index_url_from_env() == "https://pip.example/simple/"
    assert PackageIndex().url == PYPI
