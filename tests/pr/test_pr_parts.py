"""The small pure parts of ``fixer pr``: targets, the texts' size limit, and the verdicts on
GitHub's error answers."""

from __future__ import annotations

import time

import pytest

from fixer.errors import BadInput
from fixer.forge.github_types import Pacing, judge
from fixer.pr import render
from fixer.pr.target import Target, parse_target

PACING = Pacing(max_wait=60, rate_retries=2, backoff=(1.0, 3.0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("octo/app#42", Target("octo", "app", 42)),
        (" octo/my.app-2#7 ", Target("octo", "my.app-2", 7)),
        ("https://github.com/octo/app/pull/42", Target("octo", "app", 42)),
        ("https://ghe.example.com/octo/app/pull/3/files", Target("octo", "app", 3)),
        ("https://github.com/octo/app/pull/9#issuecomment-1", Target("octo", "app", 9)),
    ],
    ids=["short", "dots-and-dashes", "url", "enterprise-url-with-tab", "url-with-anchor"],
)
def test_targets(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text", ["octo/app", "octo#1", "octo/app#", "octo/app#-1", "../app#1", "octo/app/issues/1"]
)
def test_not_targets(text: str) -> None:
    with pytest.raises(BadInput):
        parse_target(text)


def test_names_derived_from_a_target() -> None:
    target = Target("octo", "app", 42)
    assert (str(target), target.branch, target.marker) == (
        "octo/app#42",
        "fixer/pr-42",
        "<!-- fixer:pr-42 -->",
    )


def test_a_long_report_is_cut_at_a_line_with_its_code_block_closed() -> None:
    target = Target("octo", "app", 1)
    analysis = "# Report\n\n```diff\n" + "+x = 1\n" * 20_000 + "```\n"

    body = render.fit("Intro.", analysis, target)

    assert len(body) <= render.MAX_BODY
    assert body.startswith("Intro.\n\n# Report")
    assert body.endswith(
        f"```\n\n*The rest of the report is cut: GitHub limits a text to 65,536 characters.*\n\n{target.marker}\n"
    )
    assert body.count("```") % 2 == 0


def test_a_short_report_is_whole() -> None:
    target = Target("octo", "app", 1)
    assert render.fit("Hi.", "Report.\n", target) == f"Hi.\n\nReport.\n\n{target.marker}\n"


@pytest.mark.parametrize(
    ("status", "headers", "attempt", "verdict"),
    [
        (500, {}, 1, 1.0),
        (502, {}, 2, 3.0),
        (0, {}, 1, 1.0),
        (403, {"Retry-After": "7"}, 1, 7.0),
        (429, {"retry-after": "0"}, 2, 0.0),
    ],
    ids=["5xx-first", "5xx-second", "no-answer", "retry-after", "429"],
)
def test_waits(status: int, headers: dict[str, str], attempt: int, verdict: float) -> None:
    assert judge(status, headers, "", "x", attempt, PACING) == verdict


def test_a_primary_limit_waits_until_its_reset() -> None:
    reset = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(time.time()) + 20)}
    wait = judge(403, reset, "API rate limit exceeded", "x", 1, PACING)
    assert isinstance(wait, float) and 19 <= wait <= 22


@pytest.mark.parametrize(
    ("status", "headers", "attempt", "message"),
    [
        (500, {}, 3, "x: GitHub failed with 500 after 3 tries; try again later"),
        (0, {}, 3, "x: cannot reach GitHub; check the network or --api-url"),
        (403, {"Retry-After": "61"}, 1, "x: GitHub's API rate limit is exhausted; it resets at"),
        (403, {"Retry-After": "1"}, 3, "x: GitHub's API rate limit is exhausted; it resets at"),
        (403, {}, 1, "x: forbidden; the token lacks a permission this needs"),
        (404, {}, 1, "x: not found, or the token has no access to it"),
        (401, {}, 1, "GitHub rejected the token (401); check GITHUB_TOKEN or --token-file"),
        (422, {}, 1, "x: GitHub refused it"),
    ],
    ids=["5xx-last", "unreachable", "too-long", "too-often", "403", "404", "401", "422"],
)
def test_stops(status: int, headers: dict[str, str], attempt: int, message: str) -> None:
    verdict = judge(status, headers, "", "x", attempt, PACING)
    assert isinstance(verdict, str) and verdict.startswith(message)
