"""The stale-lock kinds read the tools' sentences, the version each log form shows, and
find the lock of the step's project. The lines are the real tools' (fixtures/logs/
uv-lock-* and poetry-lock-* hold the whole jobs); the version lines are the installers'."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fixer.diagnose.paths import RepoIndex
from fixer.kinds import kind_of
from fixer.kinds.poetry_lock_outdated import PoetryLockOutdated
from fixer.kinds.uv_lock_outdated import UvLockOutdated
from tests.support.diag import findings

UV_STALE = [
    "Resolved 3 packages in 54ms",
    "error: The lockfile at `uv.lock` needs to be updated, but `--locked` was provided.",
    "",
    "hint: To update the lockfile, run `uv lock`.",
]


@pytest.mark.parametrize(
    ("banner", "version"),
    [
        ("Successfully installed uv version 0.5.20", "0.5.20"),  # astral-sh/setup-uv
        ("Successfully installed pip-25.3 uv-0.13.9", "0.13.9"),  # pip
        (" + uv==0.11.33", "0.11.33"),  # uv pip install
        ("  installed package uv 0.13.9, installed using Python 3.11.7", "0.13.9"),  # pipx
        ("uv 0.13.9 (x86_64-unknown-linux-gnu)", "0.13.9"),  # uv --version
        ("uv 0.5.31", "0.5.31"),
    ],
)
def test_uvs_version_from_each_installer(banner: str, version: str) -> None:
    (finding,) = findings([banner, *UV_STALE], "uv sync --locked")
    assert finding.kind == "uv.lock-outdated"
    assert finding.details == {"flag": "--locked", "tool_version": version}


def test_a_sentence_wrapped_at_the_terminals_width_is_read() -> None:
    lines = [
        "error: The lockfile at `uv.lock` needs to be updated, but `--locked` was",
        "provided.",
    ]
    (finding,) = findings(lines, "uv run --locked pytest")
    assert (finding.kind, finding.raw_path) == ("uv.lock-outdated", "uv.lock")
    assert "tool_version" not in finding.details


def test_uv_04s_one_line_wording() -> None:
    line = (
        "error: The lockfile at `uv.lock` needs to be updated, but `--locked` was provided."
        " To update the lockfile, run `uv lock`."
    )
    (finding,) = findings([line], "uv sync --locked", exit_code=2)
    assert finding.kind == "uv.lock-outdated"
    assert [e.text for e in finding.evidence] == [line]


@pytest.mark.parametrize(
    ("line", "advice"),
    [
        (
            "pyproject.toml changed significantly since poetry.lock was last generated. Run"
            " `poetry lock [--no-update]` to fix the lock file.",
            "poetry lock [--no-update]",
        ),
        (
            "Error: pyproject.toml changed significantly since poetry.lock was last generated."
            " Run `poetry lock` to fix the lock file.",
            "poetry lock",
        ),
    ],
)
def test_poetry_wordings(line: str, advice: str) -> None:
    (finding,) = findings(["Poetry (version 1.8.5)", line], "poetry install")
    assert finding.kind == "poetry.lock-outdated"
    assert finding.details == {"advice": advice, "tool_version": "1.8.5"}


def test_a_passing_lock_check_says_nothing() -> None:
    assert findings(["Resolved 3 packages in 54ms"], "uv lock --check", exit_code=0) == []


@pytest.mark.parametrize(
    ("workdir", "command", "lock"),
    [
        (None, "uv sync --locked", "uv.lock"),
        (None, "uv --directory backend sync --locked", "backend/uv.lock"),
        (None, "uv sync --locked --project=backend", "backend/uv.lock"),
        ("backend/src", "uv run --locked pytest", "backend/uv.lock"),  # uv looks upwards
    ],
)
def test_the_lock_is_the_step_projects(workdir: str | None, command: str, lock: str) -> None:
    index = RepoIndex(frozenset({"uv.lock", "backend/uv.lock", "backend/pyproject.toml"}))
    (finding,) = findings(UV_STALE, command)
    kind = kind_of("uv.lock-outdated")
    found = kind.locate(replace(finding, workdir=workdir, command=command), [workdir or ""], index)
    assert (found.path, found.resolved) == (lock, True)


def test_versions_choose_the_commands() -> None:
    uv, poetry = UvLockOutdated(), PoetryLockOutdated()
    assert uv.check_args("0.5.31") == ["lock", "--locked"]  # 0.5.0 has no --check
    assert uv.check_args("0.13.9") == ["lock", "--check"]
    assert poetry.lock_args("1.8.5") == ["lock", "--no-update", "--no-interaction"]
    assert poetry.lock_args("2.5.1") == ["lock", "--no-interaction"]  # 2.x keeps versions
    assert poetry.check_args("1.5.1") == ["lock", "--check", "--no-interaction"]
    assert poetry.check_args("2.5.1") == ["check", "--lock", "--no-interaction"]
