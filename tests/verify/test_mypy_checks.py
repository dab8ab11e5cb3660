"""The mypy check of a fix, with the real mypy: findings claim their own baseline errors
(three ``[type-arg]`` on one line, from a log without columns), and the run after the fix
is compared through the edit's line map."""

from __future__ import annotations

from pathlib import Path

from fixer.fix.apply import Edit
from fixer.fix.plan import Task
from fixer.model import Finding
from fixer.verify.mypy_checks import MypyChecks
from fixer.verify.verdicts import Check
from tests.support.mypy_sample import BEFORE, PATH

FIXED = BEFORE.replace("import os\n", "import os\nfrom typing import Any\n").replace(
    "list | tuple) -> dict", "list[Any] | tuple[Any, ...]) -> dict[str, Any]"
)


def finding(name: str) -> Finding:
    return Finding(
        kind="mypy.type-arg",
        tool="mypy",
        message=f'Missing type parameters for generic type "{name}"',  # mypy 1.x in the log
        path=PATH,
        raw_path=PATH,
        line=4,
        code="type-arg",
        fixable=True,
        resolved=True,
        command="mypy --strict --pretty app",
        details={"generic": name},
        ident=name,
    )


def run(root: Path, after: str) -> tuple[dict[Task, str], list[Check]]:
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / PATH).write_text(BEFORE)
    task = Task("t1", (), tuple(finding(n) for n in ("dict", "list", "tuple")), (PATH,))
    checks = MypyChecks(root, root / ".cache", None)
    try:
        checks.start([task])
        dropped = checks.finish([task])
        claimed = checks.groups[("", ("--strict", "app"))].targets.get(task.id, [])
        assert sorted(e.column or 0 for e in claimed) == ([10, 17, 27] if not dropped else [])
        (root / PATH).write_text(after)
        results: dict[str, list[Check]] = {task.id: []}
        edit = Edit({PATH: after}, (), "type_arg", {PATH: BEFORE})
        checks.verify([task], results, {task.id: edit})
        return dropped, results[task.id]
    finally:
        checks.close()


def test_three_errors_on_one_line_and_an_import_above_the_others(tmp_path: Path) -> None:
    dropped, (check,) = run(tmp_path, FIXED)
    assert dropped == {}
    assert check.ok, check.detail
    assert (check.verification.errors_before, check.verification.errors_after) == (4, 1)


def test_one_of_the_three_left_is_reported(tmp_path: Path) -> None:
    dropped, (check,) = run(tmp_path, FIXED.replace("tuple[Any, ...]", "tuple"))
    assert dropped == {}
    assert not check.ok
    assert check.detail.startswith("mypy still reports app/x.py:5:")
    assert '"tuple"' in check.detail
