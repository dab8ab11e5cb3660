"""Planning: one task per codemod and file, and a reason for every fixable finding left out."""

from __future__ import annotations

from fixer.fix.plan import plan
from fixer.model import Finding


def _type_arg(path: str, line: int) -> Finding:
    return Finding(
        "mypy.type-arg",
        "mypy",
        "m",
        path=path,
        line=line,
        code="type-arg",
        fixable=True,
        resolved=True,
        details={"generic": "dict"},
    )


def test_findings_in_one_file_are_one_task() -> None:
    tasks, skipped = plan(
        [_type_arg("app/a.py", 3), _type_arg("app/a.py", 9), _type_arg("app/b.py", 1)],
        ["app/a.py", "app/b.py"],
    )
    assert [(t.files, len(t.findings), t.strategies) for t in tasks] == [
        (("app/a.py",), 2, (None, "all-any")),
        (("app/b.py",), 1, (None, "all-any")),
    ]
    assert skipped == []


def test_a_file_missing_from_the_commit_is_skipped_with_a_reason() -> None:
    tasks, skipped = plan([_type_arg("app/new.py", 3)], ["app/a.py"])
    assert tasks == []
    (left,) = skipped
    assert left.reason == "app/new.py is not in the commit fixer works from (HEAD)"


def test_a_requirement_is_looked_for_in_every_requirement_file_under_the_step() -> None:
    finding = Finding(
        "pip.no-matching-distribution",
        "pip",
        "m",
        path="backend/pyproject.toml",
        resolved=True,
        fixable=True,
        workdir="backend",
        details={"name": "types-x"},
    )
    files = [
        "backend/pyproject.toml",
        "backend/requirements-dev.txt",
        "frontend/package.json",
        "docs/requirements.txt",
        "backend/tools/constraints.in",
    ]
    (task,) = plan([finding], files)[0]
    assert task.files == (
        "backend/pyproject.toml",
        "backend/requirements-dev.txt",
        "backend/tools/constraints.in",
    )
