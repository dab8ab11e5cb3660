"""Review in one click: the verified fix as a pull request review of GitHub suggested
changes on the exact lines (``--review suggestions`` or ``both``; a fork fixer cannot push
to), posted to the fake GitHub, which takes review comments only on lines of the pull
request's diff, and anchors them on the commit the fix was made against (``commit_id``),
refusing one that is no longer part of the pull request, as GitHub does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES
from tests.pr.conftest import REPO, TOKEN, World, sh
from tests.support.github_api import Fault, PullRequest, RunningServer
from tests.support.pypi_index import IndexServer

TYPE_ARG = FIXTURES / "type-arg"
FILE = "backend/tunix_rt_backend/services/datasets_export.py"
REVIEWS = "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"


def pull_adding_the_file(world: World) -> PullRequest:
    """A pull request whose diff adds the broken file: ``pre`` lacks it, ``adds`` (the
    head) brings it back, so its every line is in the diff."""
    work = world.root / "scratch-adds"
    sh(world.root, "clone", "-q", str(world.bare), str(work))
    sh(work, "checkout", "-q", "-b", "pre")
    sh(work, "rm", "-q", FILE)
    sh(work, "commit", "-qm", "Drop the export")
    sh(work, "checkout", "-q", "-b", "adds")
    sh(work, "checkout", "main", "--", FILE)
    sh(work, "commit", "-qm", "Add the export")
    sh(work, "push", "-q", "origin", "pre", "adds")
    shutil.rmtree(work)
    world.fake.sync()
    pull = world.fake.add_pull(REPO, head="adds", base="pre", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    return pull


def fixer_pr(
    api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, object]]:
    argv = ["pr", f"{REPO}#1", "--api-url", api.base_url, "--index-url", index.url, "--json"]
    code = main([*argv, "--actor", "maya", *args])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return code, json.loads(out)


def test_suggestions_review_the_fix_on_its_lines(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = pull_adding_the_file(world)

    code, done = fixer_pr(api, index, capsys, "--review", "suggestions")

    assert (code, done["action"]) == (0, "reviewed"), done
    (review,) = world.fake.repo(REPO).reviews.values()
    assert done["url"] == f"https://github.com/{REPO}/pull/1#pullrequestreview-{review.id}"
    assert (review.state, review.user.login, review.commit_id) == (
        "COMMENTED",
        "fixer-bot",
        pull.head_sha,
    )
    (posted,) = world.fake.requests_to("POST", REVIEWS)
    assert json.loads(posted.body)["commit_id"] == pull.head_sha  # said, not GitHub's default
    assert "4 suggested changes" in review.body and "Commit suggestions" in review.body
    assert [(c.path, c.start_line, c.line) for c in review.comments] == [
        (FILE, None, 17),
        (FILE, None, 50),
        (FILE, None, 67),
        (FILE, None, 87),
    ]
    assert review.comments[0].body == (
        "```suggestion\nfrom collections.abc import Iterable, Iterator\nfrom typing import Any\n```"
    )
    # applied as a maintainer would ("Commit suggestions"), they are the verified fix
    head = sh(world.bare, "show", f"{pull.head_sha}:{FILE}").split("\n")
    for c in reversed(review.comments):
        start = (c.start_line or c.line) - 1
        head[start : c.line] = c.body.split("\n")[1:-1]
    fixed = "\n".join(head)
    assert fixed.count("dict[str, Any]") == 3 and "from typing import Any\n" in fixed
    # no fix pull request, no branch
    assert sorted(world.fake.repo(REPO).pulls) == [1]
    assert "fixer/" not in sh(world.bare, "branch", "--list")


def test_both_open_the_fix_pull_request_and_review(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull_adding_the_file(world)

    code, done = fixer_pr(api, index, capsys, "--review", "both")

    assert (code, done["action"]) == (0, "opened"), done
    assert "reviewed with 4 suggested changes" in str(done["summary"])
    assert len(world.fake.repo(REPO).reviews) == 1
    assert world.fake.repo(REPO).pulls[2].head_ref == "fixer/pr-1"


def test_lines_outside_the_diff_fall_back_to_the_fix_pull_request(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # the feature branch only adds NOTES.md: the broken lines are not in its diff
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done = fixer_pr(api, index, capsys, "--review", "suggestions")

    assert (code, done["action"]) == (0, "opened"), done
    assert "GitHub refused the suggested changes" in str(done["summary"])
    assert "Line could not be resolved" in str(done["summary"])
    assert world.fake.repo(REPO).reviews == {}


def test_a_fork_fixer_cannot_push_to_gets_the_suggestions_not_the_patch(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull_adding_the_file(world)  # octo/app#1, for its branches
    world.fake.repo(REPO).pulls.clear()
    world.fake.repo(REPO).next_number = 1
    fork = world.add_repo("alice/app", world.bare)
    pull = world.fake.add_pull(REPO, head="alice:adds", base="pre", author="alice")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done = fixer_pr(api, index, capsys)  # the default review mode: fix-pr

    assert (code, done["action"]) == (0, "reviewed"), done
    (review,) = world.fake.repo(REPO).reviews.values()
    assert len(review.comments) == 4 and review.commit_id == pull.head_sha
    assert world.fake.repo(REPO).comments == {}  # no patch in a comment
    for bare in (world.bare, fork):
        assert "fixer/" not in sh(bare, "branch", "--list")


def test_a_dry_run_says_it_would_review(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull_adding_the_file(world)
    code, done = fixer_pr(api, index, capsys, "--review", "suggestions", "--dry-run")
    assert (code, done["action"]) == (0, "reviewed")
    assert done["summary"] == f"would review {REPO}#1 with 4 suggested changes"
    assert world.fake.repo(REPO).reviews == {}


def move_head_when_reviewed(
    world: World, monkeypatch: pytest.MonkeyPatch, *, force: bool
) -> list[str]:
    """Push to the pull request's branch just before GitHub receives the review, as a
    person pushing while fixer works: a new commit on top, or (``force``) the head
    rewritten, so that the fixed commit is no longer part of the pull request."""
    moved: list[str] = []
    original = world.fake.take_fault

    def racing(method: str, path: str, template: str) -> Fault | None:
        if (method, template) == ("POST", REVIEWS) and not moved:
            work = world.root / "scratch-race"
            sh(world.root, "clone", "-q", "--branch", "adds", str(world.bare), str(work))
            Path(work, "NOTES.md").write_text("Late.\n")
            sh(work, "add", "NOTES.md")
            sh(work, "commit", "-q", *(["--amend"] if force else []), "-m", "Late change")
            sh(work, "push", "-q", *(["--force"] if force else []), "origin", "adds")
            shutil.rmtree(work)
            moved.append(sh(world.bare, "rev-parse", "adds"))
        return original(method, path, template)

    monkeypatch.setattr(world.fake, "take_fault", racing)
    return moved


def test_a_head_rewritten_while_fixing_gets_no_review_and_no_fix(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pull = pull_adding_the_file(world)
    fixed = pull.head_sha
    moved = move_head_when_reviewed(world, monkeypatch, force=True)

    code, done = fixer_pr(api, index, capsys, "--review", "both")

    assert (code, done["action"]) == (0, "outdated"), done
    (now,) = moved
    assert f"moved on from {fixed[:12]} to {now[:12]}" in str(done["summary"])
    (refused,) = world.fake.requests_to("POST", REVIEWS)
    assert refused.status == 422 and json.loads(refused.body)["commit_id"] == fixed
    assert world.fake.repo(REPO).reviews == {}
    assert sorted(world.fake.repo(REPO).pulls) == [1]  # no fix pull request for a gone head
    assert "fixer/" not in sh(world.bare, "branch", "--list")


def test_a_commit_pushed_on_top_keeps_the_review_on_the_fixed_head(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pull = pull_adding_the_file(world)
    fixed = pull.head_sha
    moved = move_head_when_reviewed(world, monkeypatch, force=False)

    code, done = fixer_pr(api, index, capsys, "--review", "suggestions")

    assert (code, done["action"]) == (0, "reviewed"), done
    (review,) = world.fake.repo(REPO).reviews.values()
    assert moved and pull.head_sha == moved[0] != fixed
    assert review.commit_id == fixed  # anchored on the lines the fix was made for
    assert len(review.comments) == 4
