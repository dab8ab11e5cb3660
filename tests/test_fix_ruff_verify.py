"""ruff proves an F401 fix by comparing its findings before and after the change.

``import os`` followed by ``import os.path``, neither used: ruff reports only the second,
because it binds ``os`` again. Removing it alone would leave ruff reporting the first, a
finding the CI step did not have; the fix removes both, and ruff proves it. The same
holds for ``from typing import Any`` twice. Where the hidden import cannot be proven
unused (a string names it), the fix is refused with the reason; where the name is a
parameter too, fixer does not reach that far, removes only the reported import, and
ruff's verdict (the exposed finding is new) rolls the fix back. Beside them, a removal
that only moves an existing finding (an undefined name one line up) is no new finding
and is committed. The CI log is real ruff output on a small repository of our own; the
unit tests below run the real ruff on texts (the project's configuration, flake8's
stand-in, the CI's options).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, FixResult, fix_logs
from fixer.model import Outcome
from fixer.verify.ruff import FLAKE8_STANDIN, Target, ruff_args, ruff_verdict
from tests.test_fix_safety import ci_log, git, make_repo

HIDDEN = (
    "import os\nimport os.path\nimport sys\n\n\ndef test_argv() -> None:\n    assert sys.argv\n"
)
PARAMETER = "import os\nimport os.path\n\n\ndef check(os: object) -> None:\n    assert os\n"
NAMED = 'from app import config\nimport config\n\nDEFAULT = "config"\n'
FILES = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
    "tests/__init__.py": "",
    "tests/test_paths.py": HIDDEN,
    "app/__init__.py": "",
    "app/twice.py": "from typing import Any\nimport sys\nfrom typing import Any\n\nprint(sys.argv)\n",
    "app/parameter.py": PARAMETER,
    "app/named.py": NAMED,
    "app/moved.py": "import json\nimport sys\n\nprint(sys.argv, undefined_name)\n",
}
RUFF = [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F401", "."]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FixResult]:
    root = tmp_path_factory.mktemp("ruff-verify")
    repo = make_repo(root, FILES)
    logs = ci_log(root, repo, RUFF, "Lint", job="lint")
    return repo, fix_logs([str(logs)], FixOptions(repo=repo))


def _outcome(result: FixResult, path: str) -> Outcome:
    return next(o for o in result.outcomes if o.finding.path == path)


def test_the_log_reports_only_the_later_import_of_each_name(
    fixed: tuple[Path, FixResult],
) -> None:
    _, result = fixed
    found = {(f.path, f.line, f.details.get("name")) for f in result.diagnosis.findings}
    assert found == {
        ("tests/test_paths.py", 2, "os.path"),
        ("app/twice.py", 3, "typing.Any"),
        ("app/parameter.py", 2, "os.path"),
        ("app/named.py", 2, "config"),
        ("app/moved.py", 1, "json"),
    }


@pytest.mark.parametrize(
    ("path", "after", "before"),
    [
        ("tests/test_paths.py", "import sys\n\n\ndef test_argv() -> None:\n    assert sys.argv", 1),
        # F811 ("redefinition of unused `Any`") too: ruff's check runs every F rule
        ("app/twice.py", "import sys\n\nprint(sys.argv)", 2),
    ],
)
def test_the_import_the_removal_exposes_goes_with_it(
    fixed: tuple[Path, FixResult], path: str, after: str, before: int
) -> None:
    repo, result = fixed
    outcome = _outcome(result, path)
    assert outcome.status == "fixed", outcome.reason
    ruff = next(v for v in outcome.verifications if v.tool == "ruff")
    assert ruff.ok and ruff.ran and (ruff.errors_before, ruff.errors_after) == (before, 0)
    assert result.commit
    assert git(repo, "show", f"{result.commit}:{path}") == after  # git show drops the last "\n"


def test_a_hidden_import_that_is_used_is_refused(fixed: tuple[Path, FixResult]) -> None:
    repo, result = fixed
    outcome = _outcome(result, "app/named.py")
    assert outcome.status == "skipped"
    assert outcome.reason.startswith(
        "app/named.py: removing it leaves the import of `config` at line 1 unused (it binds the same name),"
        " and that one stays: `config` is named in the string 'config' at app/named.py:4"
    )
    assert git(repo, "show", f"{result.commit}:app/named.py") == NAMED.rstrip("\n")


def test_a_removal_that_exposes_an_unused_import_is_rolled_back(
    fixed: tuple[Path, FixResult],
) -> None:
    repo, result = fixed
    outcome = _outcome(result, "app/parameter.py")
    assert outcome.status == "failed"
    assert "ruff reports a new error: app/parameter.py:1:8 F401 `os` imported but unused" in (
        outcome.reason
    )
    assert "app/parameter.py" not in result.diff
    assert git(repo, "show", f"{result.commit}:app/parameter.py") == PARAMETER.rstrip("\n")


def test_a_finding_that_only_moved_is_not_new(fixed: tuple[Path, FixResult]) -> None:
    _, result = fixed
    outcome = _outcome(result, "app/moved.py")
    assert outcome.status == "fixed", outcome.reason
    ruff = next(v for v in outcome.verifications if v.tool == "ruff")
    assert ruff.ok and ruff.ran
    # the undefined name was reported before and after (the F-rules always run)
    assert (ruff.errors_before, ruff.errors_after) == (2, 1)
    assert "--extend-select" in ruff.command and "--isolated" in ruff.command
    assert "-import json\n import sys\n" in result.diff


def test_the_projects_configuration_chooses_the_rules(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.lint]\nselect = ["F", "E711"]\n')
    before, after = "import json\nx = 1\n", "x = 1\nprint(x == None)\n"
    verdict = ruff_verdict(
        tmp_path, "", "m.py", (before, after), [Target(1, 8, "json", "F401")], "ruff check ."
    )
    assert verdict is not None
    assert verdict.problem == "ruff reports a new error: m.py:2:12 E711 Comparison to `None`" + (
        " should be `cond is None`"
    )
    quiet = ruff_verdict(
        tmp_path, "", "m.py", (before, "x = 1\n"), [Target(1, 8, "json", "F401")], None
    )
    assert quiet is not None and quiet.problem is None and (quiet.before, quiet.after) == (1, 0)


def test_a_finding_ruff_does_not_reproduce_proves_nothing(tmp_path: Path) -> None:
    verdict = ruff_verdict(
        tmp_path,
        "",
        "m.py",
        ("import json\n", ""),
        [Target(1, 8, "json", "F401")],
        "ruff --ignore F401",
    )
    assert verdict is not None
    assert verdict.problem == "ruff, run as the CI step ran it, does not report `json` at line 1"


def test_flake8_findings_say_that_ruff_stood_in(tmp_path: Path) -> None:
    before = "from typing import (\n    Any,\n    List,\n)\n\nx: Any = 1\n"
    after = "from typing import (\n    Any,\n)\n\nx: Any = 1\n"
    verdict = ruff_verdict(
        tmp_path,
        "",
        "m.py",
        (before, after),
        [Target(1, 1, "typing.List", "F401")],
        "flake8 .",
        True,
    )
    assert verdict is not None and verdict.problem is None
    assert verdict.note == FLAKE8_STANDIN and "--isolated" in verdict.command


def test_the_ci_commands_rule_options_are_kept() -> None:
    command = "cd src && ruff check --select=F401 --ignore E501 --output-format github . && x"
    assert ruff_args(command) == ["--select=F401", "--ignore", "E501"]
    assert ruff_args("python -m ruff check --isolated --config ruff.toml .") == [
        "--isolated",
        "--config",
        "ruff.toml",
    ]
    assert ruff_args("make lint") == []
