"""Pushing fixer's branch: to real bare repositories, and with a token to a local https server."""

from __future__ import annotations

import base64
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from fixer.errors import BadInput, FatalError, ToolError
from fixer.forge.git import Worktree, commit, open_repo
from fixer.forge.push import PushRejected, push
from tests.forge.conftest import sh

TOKEN = "ghs_Zq8sEcReTtOkEn0123456789abcdef"


def fixer_commit(repo: Path, text: str, branch: str = "fixer/fix") -> str:
    with Worktree(open_repo(repo)) as wt:
        (wt.path / "pkg/a.py").write_text(text)
        return commit(wt, ["pkg/a.py"], "fix: a", branch=branch)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    sh(tmp_path, "init", "-q", "--bare", "remote.git")
    return tmp_path / "remote.git"


def remote_sha(remote: Path, branch: str) -> str | None:
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
        cwd=remote,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or None


def test_first_push_creates_then_the_right_lease_updates(user_repo: Path, remote: Path) -> None:
    repo = open_repo(user_repo)
    first = fixer_commit(user_repo, "x = 1\n")
    assert push(repo, str(remote), "fixer/fix", None) == first
    assert remote_sha(remote, "fixer/fix") == first
    second = fixer_commit(user_repo, "x = 2\n")  # a rerun: not a fast-forward of the first
    assert push(repo, f"file://{remote}", "fixer/fix", first) == second
    assert remote_sha(remote, "fixer/fix") == second


def test_a_branch_moved_since_is_left_alone(user_repo: Path, remote: Path) -> None:
    repo = open_repo(user_repo)
    first = fixer_commit(user_repo, "x = 1\n")
    push(repo, str(remote), "fixer/fix", None)
    sh(user_repo, "push", "-q", "--force", str(remote), "main:refs/heads/fixer/fix")  # someone else
    fixer_commit(user_repo, "x = 2\n")
    with pytest.raises(PushRejected) as caught:
        push(repo, str(remote), "fixer/fix", first)
    assert "changed there since fixer saw it at" in str(caught.value)
    assert remote_sha(remote, "fixer/fix") == sh(user_repo, "rev-parse", "main").strip()


def test_creating_a_branch_that_exists_is_refused(user_repo: Path, remote: Path) -> None:
    sh(user_repo, "push", "-q", str(remote), "main:refs/heads/fixer/fix")
    fixer_commit(user_repo, "x = 1\n")
    with pytest.raises(PushRejected, match="since fixer saw it absent"):
        push(open_repo(user_repo), str(remote), "fixer/fix", None)


@pytest.mark.parametrize(
    ("branch", "expected", "message"),
    [
        ("main", None, "fixer pushes only its own fixer/"),
        ("feature/fixer/x", None, "fixer pushes only its own fixer/"),
        ("fixer/absent", None, "no such branch"),
        ("fixer/fix", "abc1234", "must be a full sha"),
    ],
    ids=["user-branch", "fixer-not-first", "missing", "short-sha"],
)
def test_refused_before_anything_is_sent(
    user_repo: Path, remote: Path, branch: str, expected: str | None, message: str
) -> None:
    fixer_commit(user_repo, "x = 1\n")
    with pytest.raises(BadInput, match=message):
        push(open_repo(user_repo), str(remote), branch, expected)
    assert sh(remote, "for-each-ref") == ""


def test_push_to_a_named_remote_runs_no_hook(user_repo: Path, remote: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pre-push-ran"
    hook = user_repo / ".git/hooks/pre-push"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    sh(user_repo, "remote", "add", "origin", str(remote))
    index = (user_repo / ".git/index").read_bytes()
    sha = fixer_commit(user_repo, "x = 1\n")
    push(open_repo(user_repo), "origin", "fixer/fix", None, token=TOKEN)  # token: https only
    assert remote_sha(remote, "fixer/fix") == sha
    assert not marker.exists()
    assert (user_repo / ".git/index").read_bytes() == index
    assert sh(remote, "for-each-ref", "--format=%(refname)") == "refs/heads/fixer/fix\n"


def test_token_is_never_sent_in_plain_http_or_taken_from_a_url(user_repo: Path) -> None:
    fixer_commit(user_repo, "x = 1\n")
    repo = open_repo(user_repo)
    with pytest.raises(BadInput, match="only over https"):
        push(repo, "http://example.invalid/o/r.git", "fixer/fix", None, token=TOKEN)
    with pytest.raises(BadInput, match="holds a password") as caught:
        push(repo, f"https://x:{TOKEN}@example.invalid/o/r.git", "fixer/fix", None)
    assert TOKEN not in str(caught.value)


def all_text(exc: FatalError) -> str:
    parts = [str(exc), repr(exc.args)]
    if isinstance(exc, ToolError):
        parts += [*exc.cmd, exc.stdout, exc.stderr]
    return "\n".join(parts)


def secrets_on_disk(repo: Path) -> list[Path]:
    forms = [TOKEN.encode(), base64.b64encode(f"x-access-token:{TOKEN}".encode())]
    return [
        p
        for p in (repo / ".git").rglob("*")
        if p.is_file() and any(form in p.read_bytes() for form in forms)
    ]


def test_token_stays_out_of_errors_and_files_when_the_remote_fails(user_repo: Path) -> None:
    fixer_commit(user_repo, "x = 1\n")
    # port 1 refuses connections; the token in the path makes git print it, so it must be scrubbed
    url = f"https://127.0.0.1:1/{TOKEN}/r.git"
    with pytest.raises(ToolError) as caught:
        push(open_repo(user_repo), url, "fixer/fix", None, token=TOKEN)
    text = all_text(caught.value)
    assert "***" in text
    assert TOKEN not in text
    assert secrets_on_disk(user_repo) == []


@dataclass
class Recorder:
    url: str
    cafile: Path
    authorizations: list[list[str]] = field(default_factory=list)


@pytest.fixture
def https_remote(tmp_path: Path) -> Iterator[Recorder]:
    """A local https server that records the Authorization headers and answers 403."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    make_cert = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    names = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    files = ["-keyout", str(key), "-out", str(cert)]
    subprocess.run([*make_cert, *names, *files], check=True, capture_output=True)
    seen: list[list[str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get_all("Authorization") or [])
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Recorder(f"https://127.0.0.1:{server.server_port}/o/r.git", cert, seen)
    finally:
        server.shutdown()
        server.server_close()


def test_token_reaches_the_https_remote_as_one_header_only(
    user_repo: Path, https_remote: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_SSL_CAINFO", str(https_remote.cafile))
    host = https_remote.url.removesuffix("o/r.git")
    # what actions/checkout leaves in .git/config: fixer's header must replace it
    sh(user_repo, "config", f"http.{host}.extraheader", "AUTHORIZATION: basic c3RhbGU=")
    fixer_commit(user_repo, "x = 1\n")
    with pytest.raises(ToolError) as caught:
        push(open_repo(user_repo), https_remote.url, "fixer/fix", None, token=TOKEN)
    basic = base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()
    assert https_remote.authorizations
    assert all(seen == [f"Basic {basic}"] for seen in https_remote.authorizations)
    assert "403" in str(caught.value)
    assert TOKEN not in all_text(caught.value) and basic not in all_text(caught.value)
    assert secrets_on_disk(user_repo) == []
