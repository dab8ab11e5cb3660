"""Ready-made pytest fixtures; import them into a ``conftest.py`` to use them by name::

    from tests.support.github_api.fixtures import fake_github, github_api, no_real_network

``github_api`` fails the test at teardown if any request or response broke GitHub's
description, or if a token leaked.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .guard import block_real_github
from .server import RunningServer, serve
from .state import FakeGitHub


@pytest.fixture
def fake_github() -> FakeGitHub:
    """An empty fake GitHub for the test to seed."""
    return FakeGitHub()


@pytest.fixture
def github_api(fake_github: FakeGitHub) -> Iterator[RunningServer]:
    """The fake serving ``fake_github`` on 127.0.0.1; ``github_api.base_url`` for clients."""
    with serve(fake_github) as running:
        yield running


@pytest.fixture
def no_real_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test on any connection or lookup of a non-loopback host (make it autouse)."""
    guard = block_real_github(monkeypatch)
    yield
    guard.check()
