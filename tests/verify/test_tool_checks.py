"""The CI's check, re-run with the project's ruff, judges a tool's fix: before the change
it must report the file, after it must not, and an edit of a file the log does not name is
refused whatever the check says (real ruff 0.14.2, in the session's tool cache)."""

from __future__ import annotations

from pathlib import Path

from fixer.fix.apply import Edit
from fixer.fix.plan import Task
from fixer.kinds import kind_of
from fixer.model import Finding
from fixer.snapshot import take
from fixer.verify.tool_checks import ToolChecks

MESSY = "x = {  'a':1 }\n"


def _task(path: str = "app/messy.py") -> Task:
    finding = Finding(
        kind="ruff.format",
        tool="ruff",
        message="ruff format would reformat this file",
        path=path,
        raw_path=path,
        resolved=True,
        command="ruff format --check .",
        details={"tool_version": "0.14.2"},
    )
    kind = kind_of("ruff.format")
    return Task("t1", kind.transforms(), (finding,), (path,))


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "messy.py").write_text(MESSY)
    (tmp_path / "app" / "other.py").write_text(MESSY)
    return tmp_path


def test_an_edit_of_a_file_the_log_does_not_name_is_refused(
    tmp_path: Path, tool_cache: Path
) -> None:
    checks = ToolChecks(take(_repo(tmp_path)))
    task = _task()
    reason, before = checks.precondition(task)
    assert reason is None and [c.ok for c in before] == [True]
    formatted = 'x = {"a": 1}\n'
    stray = Edit({"app/other.py": formatted}, (), "formatter_output", {"app/other.py": MESSY})
    (check,) = checks.verify(task, stray)
    assert not check.ok
    assert check.detail == "the change edits app/other.py, a file the log does not name"


def test_the_check_after_the_change_reads_the_tree(tmp_path: Path, tool_cache: Path) -> None:
    repo = _repo(tmp_path)
    checks = ToolChecks(take(repo))
    task = _task()
    assert checks.precondition(task)[0] is None
    edit = Edit({"app/messy.py": MESSY}, (), "formatter_output", {"app/messy.py": MESSY})
    (unchanged,) = checks.verify(task, edit)  # the file on disk is still unformatted
    assert not unchanged.ok
    assert unchanged.detail == "ruff, re-running the CI's check, still reports app/messy.py"
    (repo / "app" / "messy.py").write_text('x = {"a": 1}\n')
    checks.reset()
    (done,) = checks.verify(task, edit)
    assert done.ok and (done.verification.errors_before, done.verification.errors_after) == (2, 1)


def test_a_file_the_version_does_not_report_is_not_touched(
    tmp_path: Path, tool_cache: Path
) -> None:
    repo = _repo(tmp_path)
    (repo / "app" / "messy.py").write_text('x = {"a": 1}\n')
    reason, _ = ToolChecks(take(repo)).precondition(_task())
    assert reason is not None
    assert reason.startswith("ruff 0.14.2 (from the log), running the CI's check on the untouched")
