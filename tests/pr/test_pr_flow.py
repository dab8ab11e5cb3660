"""``fixer pr`` end to end: the fake GitHub API (checked against GitHub's description), real
bare git repositories as the clone URLs, the real logs of the bundled scenarios, and the
real fix-and-verify of ``fixer fix``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES
from tests.pr.conftest import REPO, TOKEN, World, sh
from tests.support.github_api import RunningServer
from tests.support.pypi_index import IndexServer

TYPE_ARG = FIXTURES / "type-arg"


def fixer_pr(
    api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, object], str]:
    argv = ["pr", f"{REPO}#1", "--api-url", api.base_url, "--index-url", index.url, "--json"]
    code = main([*argv, *args])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return code, json.loads(out) if out.strip() else {}, err


def test_a_red_pull_request_gets_a_fix_pull_request(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat", title="Add a feature")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done, _ = fixer_pr(api, index, capsys, "--actor", "maya")

    assert code == 0, done
    assert done["action"] == "opened"
    fix = world.fake.repo(REPO).pulls[2]
    assert (fix.base_ref, fix.head_ref, fix.user.login) == ("feature", "fixer/pr-1", "fixer-bot")
    assert (
        fix.title == "fix(types): add type arguments to 3 bare generics in datasets_export.py (#1)"
    )
    assert fix.body is not None
    assert "# CI failure analysis" in fix.body and "<!-- fixer:pr-1 -->" in fix.body
    assert "3 fixed and verified" in fix.body and "+from typing import Any" in fix.body
    assert done["url"] == "https://github.com/octo/app/pull/2"
    tip = sh(world.bare, "rev-parse", "fixer/pr-1")
    assert done["commit"] == tip
    assert sh(world.bare, "rev-parse", "fixer/pr-1^") == pull.head_sha
    assert sh(world.bare, "log", "-1", "--format=%an <%ae>", tip) == (
        "fixer[bot] <fixer[bot]@users.noreply.github.com>"
    )
    diff = sh(world.bare, "diff", pull.head_sha, tip)
    assert diff + "\n" == (TYPE_ARG / "expected.diff").read_text()
    assert sh(world.bare, "rev-parse", "feature") == pull.head_sha  # the PR's branch untouched
    assert world.fake.repo(REPO).comments == {}


def test_a_second_trigger_updates_the_same_pull_request(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    assert fixer_pr(api, index, capsys)[0] == 0
    first = sh(world.bare, "rev-parse", "fixer/pr-1")
    world.fake.repo(REPO).pulls[2].body = "edited by someone"

    code, done, _ = fixer_pr(api, index, capsys)

    assert (code, done["action"]) == (0, "updated")
    assert done["url"] == "https://github.com/octo/app/pull/2"
    assert sorted(world.fake.repo(REPO).pulls) == [1, 2]
    assert "<!-- fixer:pr-1 -->" in str(world.fake.repo(REPO).pulls[2].body)
    assert sh(world.bare, "rev-parse", "fixer/pr-1") == first  # the same fix is not pushed again
    assert len(world.fake.requests_to("POST", "/repos/{owner}/{repo}/pulls")) == 1
    assert len(world.fake.requests_to("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}")) == 1


def test_when_the_head_moves_the_fix_is_rebuilt_on_the_new_head(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    assert fixer_pr(api, index, capsys)[0] == 0
    pull.head_sha = world.commit_on(world.bare, "feature", "docs/more.md", "More.\n")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done, _ = fixer_pr(api, index, capsys)

    assert (code, done["action"]) == (0, "updated")
    assert sh(world.bare, "rev-parse", "fixer/pr-1^") == pull.head_sha
    assert sh(world.bare, "rev-list", "--count", f"{pull.head_sha}..fixer/pr-1") == "1"
    assert done["head_sha"] == pull.head_sha
    assert pull.head_sha[:12] in str(world.fake.repo(REPO).pulls[2].body)


def test_a_fix_for_an_old_head_is_closed_when_the_new_head_has_nothing_to_fix(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    assert fixer_pr(api, index, capsys)[1]["action"] == "opened"
    pull.head_sha = world.commit_on(world.bare, "feature", "docs/more.md", "More.\n")
    logs = tmp_path / "deploy-logs"
    logs.mkdir()
    source = FIXTURES / "poetry-eslint-action" / "logs" / "3_deploy-staging.txt"
    (logs / "0_deploy-staging.txt").write_bytes(source.read_bytes())
    world.red_run(pull, logs)

    code, done, _ = fixer_pr(api, index, capsys)

    assert (code, done["action"]) == (0, "commented")
    assert "closed the stale fix https://github.com/octo/app/pull/2" in str(done["summary"])
    fix = world.fake.repo(REPO).pulls[2]
    assert fix.state == "closed"
    notes = [c.body for c in world.fake.repo(REPO).comments.values()]
    assert any(pull.head_sha[:12] in n and "no longer applies" in n for n in notes)
    assert any("found nothing it can fix" in n for n in notes)


def test_a_branch_someone_else_changed_is_left_alone(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    assert fixer_pr(api, index, capsys)[0] == 0
    theirs = world.commit_on(world.bare, "fixer/pr-1", "tweak.txt", "a human's tweak\n")

    code, _, err = fixer_pr(api, index, capsys)

    assert code == 2
    assert "fixer/pr-1 holds a commit that is not fixer's" in err
    assert sh(world.bare, "rev-parse", "fixer/pr-1") == theirs


def test_a_read_only_user_is_refused_politely(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done, _ = fixer_pr(api, index, capsys, "--actor", "rita")

    assert (code, done["action"]) == (1, "refused")
    (reply,) = world.fake.repo(REPO).comments.values()
    assert reply.body.startswith("@rita, thanks for asking.")
    assert "write access" in reply.body
    assert world.fake.requests_to("GET", "/repos/{owner}/{repo}/actions/runs") == []
    assert "fixer/pr-1" not in sh(world.bare, "branch", "--list")


def test_a_fork_the_bot_cannot_push_to_gets_the_fix_as_a_comment(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fork = world.add_repo("alice/app", world.bare)
    pull = world.fake.add_pull(REPO, head="alice:feature", author="alice")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done, _ = fixer_pr(api, index, capsys)

    assert (code, done["action"]) == (0, "commented")
    (comment,) = world.fake.repo(REPO).comments.values()
    assert comment.user.login == "fixer-bot"
    assert "cannot push to `alice/app`" in comment.body and "git apply" in comment.body
    assert "```diff\n" in comment.body and "+from typing import Any" in comment.body
    assert comment.body.rstrip().endswith("<!-- fixer:pr-1 -->")
    for bare in (world.bare, fork):
        assert "fixer/" not in sh(bare, "branch", "--list")
    assert sorted(world.fake.repo(REPO).pulls) == [1]


def test_a_fork_the_bot_may_push_to_gets_a_pull_request_there(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fork = world.add_repo("alice/app", world.bare)
    world.fake.set_role("alice/app", "fixer-bot", "write")
    pull = world.fake.add_pull(REPO, head="alice:feature", author="alice")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done, _ = fixer_pr(api, index, capsys)

    assert (code, done["action"]) == (0, "opened")
    (fix,) = world.fake.repo("alice/app").pulls.values()
    assert (fix.base_ref, fix.head_ref) == ("feature", "fixer/pr-1")
    assert "octo/app#1" in str(fix.body)
    assert sh(fork, "rev-parse", "fixer/pr-1^") == pull.head_sha
    assert "fixer/" not in sh(world.bare, "branch", "--list")


def test_nothing_fixable_gives_one_comment_edited_on_a_rerun(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    logs = tmp_path / "deploy-logs"
    source = FIXTURES / "poetry-eslint-action" / "logs"
    logs.mkdir()
    (logs / "0_deploy-staging.txt").write_bytes((source / "3_deploy-staging.txt").read_bytes())
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, logs)

    first = fixer_pr(api, index, capsys)
    second = fixer_pr(api, index, capsys)

    assert [(c, d["action"]) for c, d, _ in (first, second)] == [(0, "commented")] * 2
    (comment,) = world.fake.repo(REPO).comments.values()
    assert "found nothing it can fix" in comment.body
    assert "A GitHub Action that cannot be resolved" in comment.body
    assert comment.updated_at > comment.created_at  # edited, not posted again
    assert sorted(world.fake.repo(REPO).pulls) == [1]


def test_expired_archive_falls_back_to_job_logs(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    job_log = (FIXTURES / "logs" / "pytest-assert" / "job.log").read_text(encoding="utf-8")
    run = world.red_run(pull, None, {"test": job_log})

    code, done, _ = fixer_pr(api, index, capsys)

    assert (code, done["action"]) == (0, "commented")
    (comment,) = world.fake.repo(REPO).comments.values()
    assert "A failing test" in comment.body
    assert "tests/test_discount.py::test_bulk_price_large_order" in comment.body
    job_id = run.jobs[0].id
    assert world.fake.requests_to("GET", f"/repos/octo/app/actions/jobs/{job_id}/logs")


def test_no_failed_run_means_nothing_to_do(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    world.fake.add_pull(REPO, head="feature", author="pat")

    code, done, _ = fixer_pr(api, index, capsys)

    assert (code, done["action"]) == (0, "nothing")
    assert "no failed workflow run" in str(done["summary"])
    assert world.fake.repo(REPO).comments == {}


def test_no_failed_run_is_said_to_the_maintainer_who_asked(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    world.fake.add_pull(REPO, head="feature", author="pat")

    first = fixer_pr(api, index, capsys, "--actor", "maya")
    second = fixer_pr(api, index, capsys, "--actor", "maya")

    assert [(c, d["action"]) for c, d, _ in (first, second)] == [(0, "commented")] * 2
    (comment,) = world.fake.repo(REPO).comments.values()
    assert comment.body.startswith("@maya, fixer found no failed workflow run for head ")
    assert "<!-- fixer:pr-1 -->" in comment.body
    assert sorted(world.fake.repo(REPO).pulls) == [1]


def test_dry_run_writes_nothing(
    world: World, api: RunningServer, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")

    code, done, _ = fixer_pr(api, index, capsys, "--dry-run")

    assert (code, done["action"], done["dry_run"]) == (0, "opened", True)
    assert "would push fixer/pr-1" in str(done["summary"])
    assert sorted(world.fake.repo(REPO).pulls) == [1]
    assert "fixer/" not in sh(world.bare, "branch", "--list")
    writes = [r for r in world.fake.requests if r.method != "GET"]
    assert writes == []


def test_an_existing_clone_at_the_head(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    clone = tmp_path / "mine"
    sh(tmp_path, "clone", "-q", "--branch", "feature", str(world.bare), str(clone))

    code, done, _ = fixer_pr(api, index, capsys, "--repo", str(clone))

    assert (code, done["action"]) == (0, "opened")
    assert sh(clone, "status", "--porcelain") == ""  # the working tree is untouched
    assert sh(clone, "rev-parse", "HEAD") == pull.head_sha
    assert sh(world.bare, "rev-parse", "fixer/pr-1") == sh(clone, "rev-parse", "fixer/pr-1")


def test_an_existing_clone_elsewhere_is_refused(
    world: World,
    api: RunningServer,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, TYPE_ARG / "logs")
    clone = tmp_path / "mine"
    sh(tmp_path, "clone", "-q", "--branch", "main", str(world.bare), str(clone))

    code, _, err = fixer_pr(api, index, capsys, "--repo", str(clone))

    assert code == 2
    assert f"but the head of octo/app#1 is {pull.head_sha[:12]}; check that out first" in err
