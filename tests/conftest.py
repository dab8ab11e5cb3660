"""Every test runs with the real GitHub (and any other non-loopback host) out of reach."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.github_api import block_real_github
from tests.support.github_api.fixtures import fake_github, github_api
from tests.support.tools import tool_cache

# fixtures for the tests that talk to the fake GitHub, and the session's tool cache
__all__ = ["fake_github", "github_api", "tool_cache"]


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    guard = block_real_github(monkeypatch)
    yield
    guard.check()  # fails even when the code under test swallowed the error
