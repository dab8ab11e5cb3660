"""Errors before and after a change, compared with the real mypy through the edit's line map.

Two errors are the same when the edit only moved them; an error with the same message on
another line is new; three errors on one line are three, told apart by column (or, when
the CI log printed no column, by the name in the message).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.model import Finding
from fixer.verify.linemap import LineMap, line_maps
from fixer.verify.mypy import MypyError, MypyResult, MypyRun, new_errors, remaining, targeted
from tests.support.mypy_sample import BEFORE, PATH


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(root: Path, cache: Path) -> MypyResult:
    result = MypyRun(root, "", ["--strict", "app"], cache).wait()
    assert result.problem == ""
    return result


def aimed(
    baseline: MypyResult,
    line: int,
    column: int | None = None,
    name: str = "",
    taken: list[MypyError] | None = None,
) -> MypyError | None:
    """The baseline error a ``[type-arg]`` finding of the log names."""
    details = {"generic": name} if name else {}
    finding = Finding("mypy.type-arg", "mypy", "m", PATH, line, column, "type-arg", details=details)
    return targeted(baseline, finding, taken or [])


def change(
    root: Path, cache: Path, after: str
) -> tuple[MypyResult, MypyResult, dict[str, LineMap]]:
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / PATH).write_text(BEFORE)
    baseline = mypy(root, cache)
    (root / PATH).write_text(after)
    return baseline, mypy(root, cache), line_maps({PATH: BEFORE}, {PATH: after})


def test_an_import_added_above_moves_an_error_without_making_it_new(
    tmp_path: Path, cache: Path
) -> None:
    after = BEFORE.replace("import os\n", "import os\nfrom typing import Any\n")
    after = after.replace("list | tuple", "list[Any] | tuple")
    baseline, result, maps = change(tmp_path, cache, after)
    assert [(e.line, e.code) for e in baseline.errors] == [(4, "type-arg")] * 3 + [
        (9, "return-value")
    ]
    assert [(e.line, e.column, e.code) for e in result.errors] == [
        (5, 22, "type-arg"),
        (5, 32, "type-arg"),
        (10, 12, "return-value"),
    ]
    assert new_errors(baseline, result, maps) == []
    assert new_errors(baseline, result) != []  # raw lines: every moved error looks new
    listed = aimed(baseline, 4, 10)
    assert listed is not None and '"list"' in listed.message
    assert remaining(result, [listed], baseline, maps) == []
    others = [e for e in baseline.errors if e != listed]
    assert remaining(result, others, baseline, maps) == list(result.errors)  # where they are now


def test_the_same_message_on_another_line_is_new(tmp_path: Path, cache: Path) -> None:
    after = BEFORE.replace(
        "\n\nprint(os.sep)", "\n\ndef h(key: str) -> str:\n    return len(key)\n\n\nprint(os.sep)"
    )
    baseline, result, maps = change(tmp_path, cache, after)
    (fresh,) = new_errors(baseline, result, maps)
    assert (fresh.line, fresh.code) == (13, "return-value")
    assert fresh.message == baseline.errors[-1].message


def test_an_import_removed_above_and_an_error_left_on_a_rewritten_line(
    tmp_path: Path, cache: Path
) -> None:
    after = BEFORE.replace("import os\n", "").replace("print(os.sep)", "print('/')")
    after = after.replace("-> dict:", "-> dict[str, dict]:")
    baseline, result, maps = change(tmp_path, cache, after)
    dict_error = aimed(baseline, 4, name="dict")
    assert dict_error is not None
    (fresh,) = new_errors(baseline, result, maps)  # the inner dict, at another column
    assert (fresh.line, fresh.column, fresh.message) == (3, 37, dict_error.message)
    assert remaining(result, [dict_error], baseline, maps) == []


def test_findings_claim_distinct_errors_on_one_line(tmp_path: Path, cache: Path) -> None:
    baseline, _, _ = change(tmp_path, cache, BEFORE)
    by_column = [aimed(baseline, 4, col) for col in (10, 17, 27)]
    assert [e and e.column for e in by_column] == [10, 17, 27]
    taken: list[MypyError] = []
    for name in ("tuple", "list", "dict"):
        error = aimed(baseline, 4, None, name, taken)
        assert error is not None and f'"{name}"' in error.message
        assert (error.kind, error.ident) == ("mypy.type-arg", name)  # as the parser reads it
        taken.append(error)
    assert aimed(baseline, 4, None, "dict", taken) is None
    assert aimed(baseline, 4, None, "", taken) is None
    assert aimed(baseline, 4, 99, "set") is None


def test_line_map_columns() -> None:
    moved = LineMap("a\nb: dict = {}\n", "x\na\nb: dict[str, int] = {}\n")
    place = moved.place(2, 4)
    assert place is not None and (place.lines, place.column) == ((3, 3), 4)
    after = moved.place(2, 9)  # the "=" after the rewritten part moves with it
    assert after is not None and after.column == 19
    inside = LineMap("x: int\n", "x: str\n").place(1, 4)  # what the edit rewrote
    assert inside is not None and inside.column is None
    assert LineMap("a\nb\n", "b\n").place(1, 1) is None
