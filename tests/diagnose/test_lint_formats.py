"""The F401 parser on ruff's and flake8's other output formats: what must and must not
become a finding (the whole formats, as the real tools print them, are in the log corpus)."""

from __future__ import annotations

import json

from fixer.model import Finding
from tests.support.diag import findings
from tests.support.ghlog import runner_commands

ABS = "/home/runner/work/app/app"


def _places(found: list[Finding]) -> list[tuple[str, str | None, int | None, int | None, str]]:
    return [(f.kind, f.raw_path, f.line, f.column, f.details.get("name", "")) for f in found]


def _ruff_object(code: str, row: int, col: int, message: str) -> dict[str, object]:
    return {
        "cell": None,
        "code": code,
        "end_location": {"column": col + 2, "row": row},
        "filename": f"{ABS}/app/x.py",
        "fix": None,
        "location": {"column": col, "row": row},
        "message": message,
        "noqa_row": row,
    }


def test_unrelated_lines_of_a_json_document_are_no_findings() -> None:
    document = {
        "settings": {"select": ["F401", "E"], "ignore": []},
        "rules": [{"id": "F401", "name": "unused-import", "text": "F401 `x` imported but unused"}],
        "results": [
            _ruff_object("F841", 9, 5, "Local variable `x` is assigned to but never used"),
            {"code": "F401", "filename": f"{ABS}/app/x.py", "message": "no location here"},
            _ruff_object("F401", 3, 8, "`os` imported but unused"),
        ],
    }
    lines = json.dumps(document, indent=2).splitlines()
    assert sum('"F401"' in line for line in lines) == 4
    found = findings(lines, "ruff check --output-format=json .")
    assert _places(found) == [
        ("ruff.F401", f"{ABS}/app/x.py", 3, 8, "os"),
        ("ruff.rule", f"{ABS}/app/x.py", 9, 5, ""),  # F841, a rule of ruff.rule's
    ]


def test_a_broken_json_document_is_skipped_not_guessed() -> None:
    lines = json.dumps([_ruff_object("F401", 3, 8, "`os` imported but unused")], indent=2)
    cut = lines.splitlines()
    cut.insert(4, "warning: stderr interleaved with the document")
    found = findings(cut, "ruff check --output-format=json .")
    assert [f.kind for f in found] == ["unknown"]
    unfinished = lines.splitlines()[:8]  # the log ends inside the object
    assert [f.kind for f in findings(unfinished, "ruff check --output-format=json .")] == [
        "unknown"
    ]


def test_a_long_object_is_found_far_above_its_code() -> None:
    result = {
        "fixes": [{"description": {"text": "x"}, "lines": [{"n": i} for i in range(40)]}],
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": f"file://{ABS}/app/my%20x.py"},
                    "region": {"startLine": 2, "startColumn": 20},
                }
            }
        ],
        "message": {"text": "`typing.Any` imported but unused"},
        "ruleId": "F401",
    }
    lines = json.dumps({"runs": [{"results": [result]}]}, indent=2).splitlines()
    assert len(lines) > 128  # the object starts well beyond the first look back (64 lines)
    found = findings(lines, "ruff check --output-format=sarif .")
    assert _places(found) == [("ruff.F401", f"{ABS}/app/my x.py", 2, 20, "typing.Any")]


def test_one_violation_printed_twice_by_one_command_is_one_finding() -> None:
    as_json = json.dumps(_ruff_object("F401", 3, 8, "`os` imported but unused"))
    lines = [as_json, "app/x.py:3:8: F401 [*] `os` imported but unused"]
    (found,) = findings(lines, "ruff check --output-format=json-lines . ; ruff check .")
    assert (found.line, found.column, found.details["name"]) == (3, 8, "os")
    assert found.details["ruff_fixable"] == "false"  # the first form's word is kept
    assert len(found.evidence) == 2


def test_two_names_on_one_line_stay_two_findings() -> None:
    lines = runner_commands(
        [
            f"::error title=ruff (F401),file={ABS}/a.py,line=5,col=20::a.py:5:20: F401 `typing.Any`"
            " imported but unused%0A  help: Remove unused import",
            f"::error title=ruff (F401),file={ABS}/a.py,line=5,col=25::a.py:5:25: F401 `typing.List`"
            " imported but unused%0A  help: Remove unused import",
        ]
    )
    assert (
        lines[0]
        == "##[error]a.py:5:20: F401 `typing.Any` imported but unused\n  help: Remove unused import"
    )
    found = findings(lines, "ruff check --output-format=github .")
    assert _places(found) == [
        ("ruff.F401", "a.py", 5, 20, "typing.Any"),
        ("ruff.F401", "a.py", 5, 25, "typing.List"),
    ]
    assert all("ruff_fixable" not in f.details for f in found)  # annotations never show [*]


def test_workflow_command_properties_are_unescaped() -> None:
    line = "::error file=D%3A\\a\\app\\pkg\\x.py,line=1,col=1,title=F401::'os' imported but unused"
    (found,) = findings([line], "flake8 --format=github .")
    assert _places([found]) == [("flake8.F401", "D:\\a\\app\\pkg\\x.py", 1, 1, "os")]


def test_azure_logging_commands() -> None:
    line = (
        f"##vso[task.logissue type=error;sourcepath={ABS}/pkg/x.py;linenumber=4;"
        "columnnumber=19;code=F401;]`os.path` imported but unused"
    )
    other = line.replace("code=F401", "code=F811")
    found = findings([other, line], "ruff check --output-format=azure .")
    assert _places(found) == [("ruff.F401", f"{ABS}/pkg/x.py", 4, 19, "os.path")]


def test_grouped_entries_keep_their_file_over_long_blocks() -> None:
    first = [f"  {n}:1  F811 Redefinition of unused `x{n}`" for n in range(10, 400)]
    lines = [
        "pkg/a.py:",
        "   3:8  F401 [*] `json` imported but unused",
        *first,
        " 401:8  F401 `os` imported but unused",
        "",
        "pkg/b.py:",
        "  1:8 F401 [*] `sys` imported but unused",
    ]
    everything = findings(lines, "ruff check --output-format=grouped .")
    found = [f for f in everything if f.kind == "ruff.F401"]
    rules = [f for f in everything if f.kind == "ruff.rule"]
    assert [(f.raw_path, f.line, f.code) for f in rules] == [
        ("pkg/a.py", n, "F811") for n in range(10, 400)
    ]
    assert _places(found) == [
        ("ruff.F401", "pkg/a.py", 3, 8, "json"),
        ("ruff.F401", "pkg/a.py", 401, 8, "os"),
        ("ruff.F401", "pkg/b.py", 1, 8, "sys"),
    ]
    assert [f.details["ruff_fixable"] for f in found] == ["true", "false", "true"]


def test_a_junit_case_without_its_suite_is_no_finding() -> None:
    lines = [
        '<testcase name="org.ruff.F401" classname="/w/pkg/x" line="3" column="8">',
        '    <failure message="`json` imported but unused">line 3, col 8, ...</failure>',
        "</testcase>",
    ]
    assert [f.kind for f in findings(lines, "ruff check --output-format=junit .")] == ["unknown"]


def test_flake8_format_strings_from_the_command_line() -> None:
    coloured = "%(bold)s%(path)s%(reset)s:%(row)d:%(col)d: %(code)s %(text)s"
    (found,) = findings(
        ["pkg/x.py:2:1: F401 'os' imported but unused"], f"flake8 --format='{coloured}'"
    )
    assert _places([found]) == [("flake8.F401", "pkg/x.py", 2, 1, "os")]
    lines = ["F401 pkg/x.py 7 'typing.Any' imported but unused", "E501 pkg/x.py 9 line too long"]
    (found,) = findings(lines, 'flake8 --format="%(code)s %(path)s %(row)d %(text)s" pkg')
    assert _places([found]) == [("flake8.F401", "pkg/x.py", 7, None, "typing.Any")]


def test_quiet_flake8_formats_name_nothing() -> None:
    for lines, fmt in ((["./pkg/x.py"], "quiet-filename"), ([], "quiet-nothing")):
        assert [f.kind for f in findings(lines, f"flake8 --format={fmt} .")] == ["unknown"]
