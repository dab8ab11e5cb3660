"""Keep tests off the real network: only loopback connections and name lookups pass.

Wire it into ``tests/conftest.py`` as an autouse fixture::

    import pytest
    from tests.support.github_api import block_real_github

    @pytest.fixture(autouse=True)
    def _no_real_github(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        guard = block_real_github(monkeypatch)
        yield
        guard.check()

Any connection to (or DNS lookup of) a host that is not loopback raises
:class:`RealNetworkBlocked`, and is remembered so that ``check()`` fails the test even when
the code under test swallowed the exception. Child processes are not covered by a
monkeypatch; for git the guard sets ``GIT_ALLOW_PROTOCOL=file`` so only local remotes work.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any

import pytest

PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class RealNetworkBlocked(RuntimeError):
    """A test tried to reach a host other than this machine."""


@dataclass
class NetworkGuard:
    attempts: list[str] = field(default_factory=list)

    def refuse(self, what: str) -> RealNetworkBlocked:
        self.attempts.append(what)
        return RealNetworkBlocked(
            f"tests must not reach the network: {what}. "
            "Point the code at the fake GitHub (tests.support.github_api.serve)."
        )

    def check(self) -> None:
        if self.attempts:
            raise RealNetworkBlocked("blocked network access: " + "; ".join(self.attempts))


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None or host == "":
        return True  # a local bind or a wildcard, not a remote peer
    text = str(host).split("%", 1)[0].strip("[]").lower()
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return text in LOOPBACK_NAMES or text.endswith(".localhost")


def block_real_github(
    monkeypatch: pytest.MonkeyPatch, *, git_file_only: bool = True
) -> NetworkGuard:
    """Block every non-loopback connection and name lookup for the current test."""
    guard = NetworkGuard()
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    real_gethostbyname_ex = socket.gethostbyname_ex

    def check_peer(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            raise guard.refuse(f"connect to {address[0]}:{address[1]}")

    def connect(self: socket.socket, address: Any) -> None:
        check_peer(self, address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check_peer(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            raise guard.refuse(f"look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        if not is_loopback(host):
            raise guard.refuse(f"look up {host!r}")
        return real_gethostbyname(host)

    def gethostbyname_ex(host: str) -> tuple[str, list[str], list[str]]:
        if not is_loopback(host):
            raise guard.refuse(f"look up {host!r}")
        return real_gethostbyname_ex(host)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "gethostbyname", gethostbyname)
    monkeypatch.setattr(socket, "gethostbyname_ex", gethostbyname_ex)
    for variable in PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    if git_file_only:
        monkeypatch.setenv("GIT_ALLOW_PROTOCOL", "file")
    return guard
