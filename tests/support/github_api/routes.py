"""Every route the fake serves; the spec is trimmed to exactly these operations."""

from __future__ import annotations

from .handlers import actions, checks, commits, issues, pulls, reviews, users
from .routing import Route

ROUTES: tuple[Route, ...] = (
    *users.ROUTES,
    *pulls.ROUTES,
    *reviews.ROUTES,
    *actions.ROUTES,
    *issues.ROUTES,
    *checks.ROUTES,
    *commits.ROUTES,
)
OPERATIONS: tuple[tuple[str, str], ...] = tuple(route.operation for route in ROUTES)
