"""`fixer fix` with nothing it can fix exits 1 and says what a human must do; a second
run on the same head says that it replaced fixer's own earlier commit."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixer.cli import main
from fixer.demo import FIXTURES, make_repo
from tests.support.pypi_index import IndexServer, serve_index
from tests.test_fix_safety import ci_log, git
from tests.test_fix_safety import make_repo as make_python_repo

LOGS = FIXTURES / "logs"


@pytest.fixture(scope="module")
def index() -> Iterator[IndexServer]:
    with serve_index({"types-pyyaml": ["6.0.12.20250915"], "mypy": ["1.19.1"]}) as server:
        yield server


@pytest.mark.parametrize(
    ("case", "step"),
    [
        ("actions-version-not-found", "Use a tag, branch or SHA of `actions/setup-node`"),
        ("unrecognized", "fixer does not recognize this failure; read the log excerpt"),
    ],
)
def test_nothing_fixable_exits_1_with_the_next_steps(
    case: str, step: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_python_repo(tmp_path, {"README.md": "An app.\n"})
    log = str(LOGS / case / "job.log")
    if case == "unrecognized":  # a step that fails in a way no kind knows, really run
        script = "import sys; print('deploy: the target host is down'); sys.exit(3)"
        log = str(ci_log(tmp_path, repo, [sys.executable, "-c", script], "Deploy"))
    assert main(["fix", log, "--repo", str(repo), "--color", "never"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = lines.index("nothing here fixer can fix; next steps for a human:")
    assert any(step in line for line in lines[at + 1 :]), out
    assert "committed" not in out
    assert main(["fix", log, "--repo", str(repo), "--json"]) == 1
    fix = json.loads(capsys.readouterr().out)["fix"]
    assert fix["nothing_fixable"] is True and fix["commit"] is None
    assert any(step in s for s in fix["next_steps"]), fix["next_steps"]
    assert git(repo, "branch", "--list", "fixer/*") == ""


def test_a_fixed_run_has_no_next_steps_and_a_rerun_replaces_its_commit(
    tmp_path: Path, index: IndexServer, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = FIXTURES / "type-arg"
    repo = make_repo(scenario, tmp_path)
    argv = ["fix", str(scenario / "logs"), "--repo", str(repo), "--index-url", index.url]
    assert main([*argv, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["fix"]
    assert first["next_steps"] == [] and first["nothing_fixable"] is False
    assert first["replaced"] is None

    # the same head again: fixer's own branch gets the new commit, and says it replaced one
    assert main([*argv, "--json"]) == 0
    second = json.loads(capsys.readouterr().out)["fix"]
    assert second["branch"] == first["branch"]
    assert second["replaced"] == first["commit"]
    assert git(repo, "rev-parse", second["branch"]) == second["commit"]
    assert git(repo, "rev-list", "--count", f"{first['base']}..{second['branch']}") == "1"

    assert main([*argv, "--color", "never"]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("committed ")]
    assert f"on branch {first['branch']}, " in line
    third = git(repo, "rev-parse", first["branch"])
    if third == second["commit"]:
        # the same tree, parent, message and second: git made the very same commit again
        assert line.split(", ")[1] == "the same commit an earlier run of fixer made there"
    else:
        assert line.split(", ")[1] == (
            f"replacing fixer's own earlier commit {second['commit'][:12]} there"
        )
