"""A secret beside a quote, a backslash, a control or a non-BMP character is masked in
every output, and the JSON output stays valid.

The stream mask once ran only on serialized JSON: ``GITHUB_TOKEN=abc"def`` became
``GITHUB_TOKEN=abc\\"def`` there, the value's pattern took the backslash and left the quote
alone, and the document ended early (``Expecting ',' delimiter``); a token after a tab
(``\\tghp_...``) lost its word boundary to the escape and was printed. Now each string is
masked before serializing, and the stream mask never cuts an escape.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer import redact
from tests.support.hostile_props import (
    RUNNING_TOKEN,
    beside,
    diagnose_problems,
    json_mask_problems,
    run_cli,
    secrets,
)

GHP = "ghp_" + "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8"
VALUE = "s3cretValue0123456789"
RAW = [
    f'GITHUB_TOKEN={VALUE}"def',  # the one the 10,000-input run found
    f'MY_TOKEN="{VALUE}"',
    f"DB_PASSWORD={VALUE}\\",
    f'NPM_TOKEN={VALUE}\\"x',
    f'MY_API_KEY={VALUE}\n"next line',
    f"MY_API_KEY={VALUE}\\\\tail",
    f'Authorization: token {VALUE}"',
    f'"https://user:{VALUE}@example.com"',  # a quote is no part of a URL's credentials
    f"https://x-access-token:{VALUE}@github.com\\",
    f"\t{GHP}",
    f"\x01{GHP}\x1f",
    f"\U0001f600{GHP}\U0001f600",
    f"\\{GHP}\\",
    f"\udcff{GHP}",
    f'"{RUNNING_TOKEN}"',
    f"\t{RUNNING_TOKEN}\n",
    f"/home/u/{GHP}/app.py",
]


@pytest.mark.parametrize("text", RAW, ids=[repr(t)[1:30] for t in RAW])
def test_a_secret_beside_an_escape_is_masked_and_the_json_stays_valid(text: str) -> None:
    secret = VALUE if VALUE in text else GHP if GHP in text else RUNNING_TOKEN
    assert json_mask_problems([text], [secret]) == []
    masked = json.loads(redact.dumps({"m": text}))["m"]
    assert masked == redact.mask(text) and secret not in masked and redact.MASK in masked


def test_the_stream_mask_widens_to_the_whole_escape() -> None:
    for raw in (f'MY_TOKEN={VALUE}\\"', f"MY_TOKEN={VALUE}\\u0001x", f"MY_TOKEN=a\\\\{VALUE}"):
        out = redact.mask(json.dumps(raw))
        assert isinstance(json.loads(out), str), out
    # an assignment keeps its name and its quotes, masked or not
    assert redact.mask(f'X_TOKEN="{VALUE}" y') == 'X_TOKEN="***" y'
    assert redact.mask(json.dumps(f'X_TOKEN="{VALUE}"')) == json.dumps('X_TOKEN="***"')
    assert redact.mask("GITHUB_TOKEN=*** rest") == "GITHUB_TOKEN=*** rest"


def _log(tmp_path: Path, lines: list[str], command: str = "") -> Path:
    """A mypy step (its command ending in ``command``) whose errors quote each of
    ``lines``, which follow as lines of their own."""
    body = [
        f"2024-01-01T00:00:00.0000000Z ##[group]Run mypy app {command}",
        "##[endgroup]",
        *(
            f"app/m.py:{n}: error: Name {t} is not defined  [name-defined]"
            for n, t in enumerate(lines, 1)
        ),
        *lines,
        "##[error]Process completed with exit code 1.",
    ]
    path = tmp_path / "job.log"
    path.write_bytes("\n".join(body).encode("utf-8", "surrogatepass"))
    return path


def test_diagnose_in_every_format(tmp_path: Path) -> None:
    path = _log(tmp_path, [t.replace("\n", " ") for t in RAW], f"MY_TOKEN={VALUE}")
    redact.remember(RUNNING_TOKEN)
    assert diagnose_problems(path, [VALUE, GHP, RUNNING_TOKEN]) == []
    code, out, _, _ = run_cli(["diagnose", str(path), "--json"])
    doc = json.loads(out)
    assert code == 1 and doc["findings"], out
    messages = [f["message"] for f in doc["findings"] if f["kind"] == "mypy.error"]
    assert len(messages) == len(RAW) and all(redact.MASK in m for m in messages), messages
    assert doc["jobs"][0]["failed_command"] == "mypy app MY_TOKEN=***"


TEXTS = st.lists(
    st.one_of(
        secrets().flatmap(lambda pair: st.tuples(beside(pair[0]), st.just(pair[1]))),
        st.tuples(st.text(max_size=30), st.just("")),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None, database=None)
@given(texts=TEXTS)
def test_masked_json_is_valid_and_holds_no_secret(texts: list[tuple[str, str]]) -> None:
    redact.remember(RUNNING_TOKEN)
    assert json_mask_problems([t for t, _ in texts], [s for _, s in texts if s]) == []


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    lines=st.lists(
        secrets().flatmap(lambda p: st.tuples(beside(p[0]), st.just(p[1]))), min_size=1, max_size=3
    )
)
def test_secrets_beside_escapes_through_diagnose(
    tmp_path: Path, lines: list[tuple[str, str]]
) -> None:
    path = _log(tmp_path, [line.replace("\n", " ").replace("\r", " ") for line, _ in lines])
    assert diagnose_problems(path, [s for _, s in lines]) == []


def test_a_token_right_after_a_colour_is_masked(tmp_path: Path) -> None:
    path = tmp_path / "job.log"
    lines = [
        "##[group]Run mypy app",
        "##[endgroup]",
        f"{GHP}:3: error: x  [misc]",
        "##[error]Process completed with exit code 1.",
    ]
    path.write_text("\n".join(lines))
    code, out, _, _ = run_cli(["diagnose", str(path), "--color", "always"])
    assert code == 1 and "\x1b[1m***:3\x1b[0m" in out and GHP not in out, out
    assert redact.mask(f"\x1b[1m{GHP}\x1b[0m") == "\x1b[1m***\x1b[0m"
