"""A verified patch as GitHub suggested changes: one per hunk, on the head's exact lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from fixer.demo import FIXTURES
from fixer.pr.suggest import MAX_SUGGESTIONS, Suggestion, suggestions


def git_diff(tmp: Path, before: dict[str, str], after: dict[str, str | None]) -> str:
    """git's own patch between two trees of a scratch repository."""
    repo = tmp / "r"
    repo.mkdir()

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
        return done.stdout

    git("init", "-q")
    for name, text in before.items():
        (repo / name).write_text(text)
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "a")
    for name, new in after.items():
        if new is None:
            (repo / name).unlink()
        else:
            (repo / name).write_text(new)
    git("add", "-A")
    return git("diff", "--cached", "--binary", "HEAD")


def test_the_type_arg_fix_is_four_suggestions_on_its_lines() -> None:
    found = suggestions((FIXTURES / "type-arg" / "expected.diff").read_text())
    path = "backend/tunix_rt_backend/services/datasets_export.py"
    assert found is not None
    assert [(s.path, s.start_line, s.line) for s in found] == [
        (path, 17, 17),  # the import line, then the new import: an insertion anchored above
        (path, 50, 50),
        (path, 67, 67),
        (path, 87, 87),
    ]
    assert found[0].replacement == (
        "from collections.abc import Iterable, Iterator",
        "from typing import Any",
    )
    assert found[1].body == (
        "```suggestion\n"
        "def _build_trace_record(trace: Trace, trace_payload: ReasoningTrace) -> dict[str, Any]:\n"
        "```"
    )


def test_a_change_spanning_lines_and_a_deletion(tmp_path: Path) -> None:
    before = "".join(f"line {n}\n" for n in range(1, 21))
    after = before.replace("line 5\nline 6\n", "line five\nline six\n").replace("line 15\n", "")
    (change, deletion) = suggestions(git_diff(tmp_path, {"a.txt": before}, {"a.txt": after})) or []
    assert change == Suggestion("a.txt", 5, 6, ("line five", "line six"))
    assert deletion == Suggestion("a.txt", 15, 15, ())
    assert deletion.body == "```suggestion\n```"  # GitHub's way to suggest deleting a line


def test_an_insertion_at_the_top_is_anchored_on_the_first_line(tmp_path: Path) -> None:
    patch = git_diff(tmp_path, {"a.py": "x = 1\ny = 2\n"}, {"a.py": "import os\nx = 1\ny = 2\n"})
    assert suggestions(patch) == [Suggestion("a.py", 1, 1, ("import os", "x = 1"))]


def test_code_with_fences_gets_a_longer_fence(tmp_path: Path) -> None:
    patch = git_diff(tmp_path, {"a.md": "text\n"}, {"a.md": "```py\n"})
    (made,) = suggestions(patch) or []
    assert made.body == "````suggestion\n```py\n````"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"a.txt": "a\n"}, {"a.txt": "a\n", "b.txt": "new\n"}),  # a new file
        ({"a.txt": "a\n", "b.txt": "b\n"}, {"b.txt": None}),  # a deleted file
        ({"a.txt": "a\n"}, {"a.txt": "a\nb"}),  # no newline at the end
        ({"a.bin": "a\x00\n"}, {"a.bin": "b\x00\n"}),  # binary
    ],
    ids=["new", "deleted", "no-newline", "binary"],
)
def test_what_a_suggestion_cannot_carry(
    tmp_path: Path, before: dict[str, str], after: dict[str, str | None]
) -> None:
    assert suggestions(git_diff(tmp_path, before, after)) is None


def test_more_hunks_than_the_limit_go_by_pull_request(tmp_path: Path) -> None:
    before = "".join(f"line {n}\n" for n in range(1, 200))
    after = "".join(f"line {n}!\n" if n % 10 == 0 else f"line {n}\n" for n in range(1, 200))
    patch = git_diff(tmp_path, {"a.txt": before}, {"a.txt": after})
    assert len(suggestions(patch, limit=100) or []) == 19
    assert suggestions(patch) is None and MAX_SUGGESTIONS < 19
    assert suggestions("") is None
