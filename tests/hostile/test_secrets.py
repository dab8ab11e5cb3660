"""Tokens a log carries never come back in fixer's output, in any format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer import redact
from fixer.cli import main
from tests.support.ghlog import Job, write_run

GHP = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
GHS = "ghs_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"
PAT = "github_pat_11AAAAAAA0" + "x" * 40
RUNNING = "Zq8vR2mN5tW1kL7pX4cB"
LINES = [
    f"fatal: unable to access 'https://x-access-token:{GHP}@github.com/o/r/': 403",
    f"> Authorization: token {GHS}",
    f"GITHUB_TOKEN={PAT} ./deploy.sh",
    "https://deploy:hunter2hunter2@example.com/simple/",
    f"error: the server rejected {RUNNING}",
    "Max retries exceeded with url: /simple/",
]
SECRETS = [GHP, GHS, PAT, RUNNING, "hunter2hunter2"]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    job = Job("deploy")
    job.setup()
    job.run("Push", "./push.sh", LINES, exit_code=128)
    job.complete()
    write_run(tmp_path / "run", [job])
    return tmp_path / "run"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diagnose_masks_every_secret(
    log: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redact, "_values", {RUNNING})
    assert main(["diagnose", "--format", fmt, str(log)]) == 1
    out = capsys.readouterr().out
    assert "***" in out
    for secret in SECRETS:
        assert secret not in out, (secret, out)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Max retries exceeded", "Max retries exceeded"),
        (f"push https://x-access-token:{GHP}@github.com", "push https://***@github.com"),
        (f"Authorization: Bearer {GHS}", "Authorization: ***"),
        ("GITHUB_TOKEN=abc.def rest", "GITHUB_TOKEN=*** rest"),
        (f"value {RUNNING}.", "value ***."),
        (f"not{RUNNING}x", "not***x"),  # glued to a word, still the token (the runner too)
        ("name \udcff.py", "name \ufffd.py"),
    ],
)
def test_mask(text: str, masked: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact, "_values", {RUNNING})
    assert redact.mask(text) == masked


def test_a_short_running_token_masks_no_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact, "_values", set())
    redact.remember("x")
    assert redact.mask("Max retries exceeded") == "Max retries exceeded"


def test_an_exact_secret_is_masked_everywhere_on_top_of_the_shapes() -> None:
    header = "eC1hY2Nlc3MtdG9rZW46c2hvcnQ="  # base64 of a token inside a header value
    text = f"push: AUTHORIZATION: basic{header}; retry with shortTok; Max retries; {GHP}"
    masked = redact.mask(text, ("shortTok", header))
    assert "shortTok" not in masked and header not in masked and GHP not in masked
    assert "Max retries" in masked
    assert redact.mask("notshortTokyet", ("shortTok",)) == "not***yet"  # inside a word too
    assert redact.mask(f"x {GHP}", ()) == redact.mask(f"x {GHP}", ("",)) == "x ***"


def test_git_and_github_errors_go_through_the_one_masker() -> None:
    from fixer.forge.gitcmd import scrub
    from fixer.forge.github import GitHub

    said = f"fatal: https://x-access-token:{GHS}@github.com/o/r refused shortTok".encode()
    assert scrub(said, ["shortTok"]) == "fatal: https://***@github.com/o/r refused ***"
    hub = GitHub("shortTok", "http://127.0.0.1:9")
    assert hub.scrub(f"401 for shortTok and {PAT}") == "401 for *** and ***"


BARE = "BaNCQoyRgyC1cWwkKgjLwga04pzgxlIat3gC"
URL = f"git fetch https://x-access-token:{BARE}@github.com/o/r.git"


def test_a_value_seen_once_as_a_secret_is_masked_where_it_stands_alone_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bare value comes first; only the URL after it says it is a credential (the
    runner's own ``***`` hides a value everywhere once it knows it)."""
    monkeypatch.setattr(redact, "_values", set())
    text = redact.mask(f"{BARE}\n{URL}\n")
    assert BARE not in text and text.startswith("***\n")
    monkeypatch.setattr(redact, "_values", set())
    document = redact.dumps({"evidence": [{"text": BARE}, {"text": URL}]})
    assert BARE not in document and json.loads(document)["evidence"][0]["text"] == "***"
    assert redact.mask(f"later: {BARE}") == "later: ***"  # remembered from now on


def test_a_short_or_escaped_value_is_not_learned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact, "_values", set())
    assert redact.mask("https://u:short@h/ and short") == "https://***@h/ and short"
    redact.mask('"X_TOKEN=\\"abcdefghijkl\\""')
    assert all("\\" not in v and '"' not in v for v in redact._values)


def test_a_remembered_value_is_masked_glued_to_other_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact, "_values", set())
    redact.remember("RunningT0kenValue4fuzz")
    text = "a\x1f\\RunningT0kenValue4fuzz\x1f\\RunningT0kenValue4fuzzERROR"
    assert redact.mask(text) == "a\x1f***\x1f***ERROR"  # the second once stayed: a word's end
