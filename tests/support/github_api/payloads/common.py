"""Small pieces every payload uses."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

JSON = dict[str, Any]


def iso(moment: datetime | None) -> str | None:
    """GitHub's timestamp format: UTC, seconds, ``Z``."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def node_id(kind: str, number: int) -> str:
    """A global node ID in GitHub's legacy format, e.g. ``MDQ6VXNlcjE=`` for ``04:User1``."""
    return base64.b64encode(f"{len(kind):02d}:{kind}{number}".encode()).decode()
