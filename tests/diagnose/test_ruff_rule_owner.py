"""Whose a concise or pylint-shaped line is when the step's command names no linter: the
shapes ruff and flake8 share count as ruff's only where the output says so (the whole
forms, as the real tools print them, are in the log corpus: ``ruff-rules-*``)."""

from __future__ import annotations

from fixer.model import Finding
from tests.support.diag import findings

E711 = "src/a.py:7:16: E711 Comparison to None should be 'if cond is None:'"
I001 = "src/a.py:1:1: I001 Import block is un-sorted or un-formatted"


def _rules(found: list[Finding]) -> list[tuple[str | None, int | None, str | None]]:
    return [(f.raw_path, f.line, f.code) for f in found if f.kind == "ruff.rule"]


def test_flake8_output_under_make_is_not_ruffs() -> None:
    lines = ["flake8 src", E711, "make: *** [Makefile:2: lint] Error 1"]
    assert _rules(findings(lines, "make lint")) == []


def test_the_echo_of_ruff_makes_the_lines_ruffs() -> None:
    lines = ["ruff check src", I001, "make: *** [Makefile:2: lint] Error 1"]
    assert _rules(findings(lines, "make lint")) == [("src/a.py", 1, "I001")]


def test_a_bare_line_is_ruffs_only_with_ruffs_summary() -> None:
    assert _rules(findings([I001], "./scripts/lint.sh")) == []
    assert _rules(findings([I001, "Found 1 error."], "./scripts/lint.sh")) == [
        ("src/a.py", 1, "I001")
    ]
    # mypy's summary is not ruff's
    assert _rules(findings([I001, "Found 1 error in 1 file (checked 3 source files)"])) == []


def test_the_mark_or_a_backtick_message_is_ruffs_own() -> None:
    marked = "src/a.py:1:1: I001 [*] Import block is un-sorted or un-formatted"
    quoted = "src/a.py:6:17: UP006 Use `list` instead of `List` for type annotation"
    assert _rules(findings([marked, quoted], "./scripts/lint.sh")) == [
        ("src/a.py", 1, "I001"),
        ("src/a.py", 6, "UP006"),
    ]


def test_each_hook_of_one_pre_commit_step_keeps_its_own_lines() -> None:
    lines = [
        "flake8...................................................................Failed",
        "- hook id: flake8",
        "- exit code: 1",
        "",
        "src/b.py:3:1: E302 expected 2 blank lines, found 1",
        "",
        "ruff.....................................................................Failed",
        "- hook id: ruff",
        "- exit code: 1",
        "",
        "src/a.py:7:16: E711 Comparison to `None` should be `cond is None`",
        "Found 1 error.",
    ]
    assert _rules(findings(lines, "pre-commit run --all-files")) == [("src/a.py", 7, "E711")]


def test_a_command_that_names_flake8_keeps_its_lines_from_ruff() -> None:
    lines = ["src/a.py:6:17: UP006 Use `list` instead of `List` for type annotation"]
    assert _rules(findings(lines, "flake8 src")) == []
    assert _rules(findings(lines, "uvx ruff@0.9.10 check src")) == [("src/a.py", 6, "UP006")]


def test_a_pylint_line_under_tox() -> None:
    lines = [
        "lint: commands[0]> ruff check --output-format=pylint .",
        "src/a.py:1: [I001] Import block is un-sorted or un-formatted",
        "lint: exit 1 (0.03 seconds) /home/runner/work/app/app> ruff check . pid=1",
    ]
    found = [f for f in findings(lines, "tox -e lint") if f.kind == "ruff.rule"]
    assert [(f.raw_path, f.line, f.column, f.code, f.fixable) for f in found] == [
        ("src/a.py", 1, None, "I001", False)
    ]
