"""Each finding is planned, verified and reported on its own: one unsure finding does not
sink the others of its file. Repositories built here, logs from the real mypy."""

from __future__ import annotations

from pathlib import Path

from fixer.app import FixOptions, fix_logs
from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log, git, make_repo

UNKNOWN_GENERIC = """\
from typing import Generic, TypeVar

T = TypeVar("T")


class Box(Generic[T]):
    pass


def build() -> dict:
    return {"a": 1}


def unbox(b: Box) -> None:
    pass


def items() -> list:
    return []
"""


def test_an_unknown_generic_is_skipped_and_its_neighbours_fixed(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": "", "app/m.py": UNKNOWN_GENERIC},
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    status = {f.line: (o.status, o.reason) for o in result.outcomes for f in o.findings}
    assert status[10][0] == status[18][0] == "fixed"
    assert status[14][0] == "skipped"
    assert status[14][1].startswith("app/m.py: line 14: ")
    assert "is not a generic type whose arguments fixer knows" in status[14][1]
    fixed = git(repo, "show", f"{result.commit}:app/m.py")
    assert "def build() -> dict[str, Any]:" in fixed and "def items() -> list[Any]:" in fixed
    assert "def unbox(b: Box) -> None:" in fixed
    (mypy,) = [v for o in result.outcomes if o.status == "fixed" for v in o.verifications][1:]
    assert mypy.ok and (mypy.errors_before, mypy.errors_after) == (3, 1)


ONE_BAD = """\
def build() -> dict:
    return {"a": 1}


def items() -> list:  # type: ignore[explicit-any]
    return []
"""


def test_a_fix_that_fails_verification_is_rolled_back_alone(tmp_path: Path) -> None:
    # every explicit Any is an error, but the one on the line of `items` is ignored: the
    # fix of `build` cannot verify with any strategy, the fix of `items` does
    config = MYPY_CONFIG + "disallow_any_explicit = true\n"
    repo = make_repo(
        tmp_path, {"pyproject.toml": config, "app/__init__.py": "", "app/m.py": ONE_BAD}
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    status = {f.line: o for o in result.outcomes for f in o.findings if f.kind == "mypy.type-arg"}
    assert status[5].status == "fixed"
    assert status[1].status == "failed"
    assert status[1].reason.startswith("rolled back: mypy reports a new error: app/m.py:4: ")
    assert "explicit-any" in status[1].reason and status[1].changes == ()
    fixed = git(repo, "show", f"{result.commit}:app/m.py")
    assert "def build() -> dict:" in fixed
    assert "def items() -> list[Any]:  # type: ignore[explicit-any]" in fixed
    assert not result.complete
