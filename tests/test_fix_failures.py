"""A finding that cannot be fixed ends on its own; the run goes on for the others.

Each repository is built here and its log produced by running the real mypy on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fixer.app import FixOptions, fix_logs
from fixer.cli import main
from fixer.report import fix as fix_report
from tests.support.ghlog import Job, write_run
from tests.support.pypi_index import serve_index
from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log, git, make_repo, tree_bytes


def test_a_finding_mypy_no_longer_reports_is_skipped_without_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG,
            "app/__init__.py": "",
            "app/records.py": 'def build() -> dict:\n    return {"a": 1}\n',
        },
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    # the commit fixer works from no longer has the error the log shows
    (repo / "pyproject.toml").write_text(MYPY_CONFIG + "disallow_any_generics = false\n")
    git(repo, "commit", "-qam", "relax")
    before = tree_bytes(repo)
    code = main(["fix", str(logs), "--repo", str(repo), "--json"])
    assert code == 1
    (outcome,) = json.loads(capsys.readouterr().out)["outcomes"]
    assert outcome["status"] == "skipped"
    assert "does not report app/records.py:1 (type-arg)" in outcome["reason"]
    assert tree_bytes(repo) == before
    assert git(repo, "branch", "--list", "fixer/*") == ""


GENERIC = 'def build() -> dict:\n    return {"a": 1}\n'
BAD = "app/b.py"


def _raise_for(path: str | None) -> None:
    if path == BAD:
        raise RuntimeError(f"injected failure on {path}")


def _inject(stage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make one step raise, for the finding in app/b.py only."""
    from fixer.codemods.python.type_arg import TypeArg
    from fixer.fix import engine
    from fixer.verify import checks, mypy_checks, structure

    if stage == "codemod":
        transform = TypeArg.transform

        def codemod(self: TypeArg, text: str, findings: Any, ctx: Any) -> str:
            _raise_for(findings[0].path)
            return transform(self, text, findings, ctx)

        monkeypatch.setattr(TypeArg, "transform", codemod)
    elif stage == "precondition":
        precondition = checks.Checker.precondition

        def pre(self: checks.Checker, task: Any) -> Any:
            _raise_for(task.findings[0].path)
            return precondition(self, task)

        monkeypatch.setattr(checks.Checker, "precondition", pre)
    elif stage == "baseline":
        reproduce = mypy_checks.MypyChecks._reproduce

        def baseline(self: mypy_checks.MypyChecks, task: Any, group: Any) -> Any:
            _raise_for(task.findings[0].path)
            return reproduce(self, task, group)

        monkeypatch.setattr(mypy_checks.MypyChecks, "_reproduce", baseline)
    elif stage == "write":
        write_text = engine.write_text

        def write(root: Path, rel: str, source: Any, text: str) -> None:
            write_text(root, rel, source, text)  # half done: the file is already changed
            _raise_for(rel)

        monkeypatch.setattr(engine, "write_text", write)
    else:
        parse_problem = structure.parse_problem

        def verifier(path: str, text: str) -> str | None:
            _raise_for(path)
            return parse_problem(path, text)

        monkeypatch.setattr(structure, "parse_problem", verifier)


@pytest.fixture(scope="module")
def three_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A repository with one ``[type-arg]`` error in each of three modules, and its log."""
    root = tmp_path_factory.mktemp("three")
    files = {f"app/{n}.py": GENERIC for n in "abc"}
    repo = make_repo(root, {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": "", **files})
    return repo, ci_log(root, repo, MYPY, "Type check")


@pytest.mark.parametrize("stage", ["codemod", "precondition", "baseline", "write", "check"])
def test_a_step_that_raises_fails_its_finding_only(
    stage: str, three_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, logs = three_files
    _inject(stage, monkeypatch)
    before = tree_bytes(repo)
    result = fix_logs([str(logs)], FixOptions(repo=repo, branch=f"fixer/{stage}"))
    status = {f.path: o.status for o in result.outcomes for f in o.findings}
    assert status == {"app/a.py": "fixed", BAD: "failed", "app/c.py": "fixed"}
    (failed,) = [o for o in result.outcomes if o.status == "failed"]
    assert "Traceback (most recent call last)" in failed.traceback
    assert f"RuntimeError: injected failure on {BAD}" in failed.traceback
    assert result.commit is not None and not result.complete
    committed = git(repo, "show", f"{result.commit}:{BAD}")
    assert committed == git(repo, "show", f"HEAD:{BAD}")  # rolled back whole
    assert "dict[str, Any]" in git(repo, "show", f"{result.commit}:app/a.py")
    assert "dict[str, Any]" in git(repo, "show", f"{result.commit}:app/c.py")
    assert tree_bytes(repo) == before and git(repo, "status", "--porcelain") == ""
    text = fix_report.to_text(result)
    (line,) = [x for x in text.splitlines() if "RuntimeError" in x]  # one line, no traceback
    assert "Traceback" not in text and line.startswith("    why: ")
    (doc,) = [o for o in json.loads(fix_report.to_json(result, []))["outcomes"] if o["traceback"]]
    assert doc["status"] == "failed" and "injected failure" in doc["traceback"]
    assert "<summary>traceback</summary>" in fix_report.to_markdown(result, [])


def test_a_follow_up_that_raises_rolls_back_the_requirement_removal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixer.fix import exposed

    pyproject = MYPY_CONFIG.replace(
        'version = "0"\n', 'version = "0"\ndependencies = ["types-untypedlib>=1.0"]\n'
    )
    repo = make_repo(
        tmp_path, {"pyproject.toml": pyproject, "app/__init__.py": "", "app/a.py": GENERIC}
    )
    types = ci_log(tmp_path, repo, MYPY, "Type check")
    install = Job("install")
    install.setup()
    install.run(
        None,
        "pip install -e .",
        [
            "ERROR: Could not find a version that satisfies the requirement "
            "types-untypedlib>=1.0 (from versions: none)",
            "ERROR: No matching distribution found for types-untypedlib>=1.0",
        ],
        exit_code=1,
    )
    write_run(tmp_path / "install", [install])

    def broken(module: str, python: str | None) -> str:
        raise RuntimeError(f"injected failure for {module}")

    monkeypatch.setattr(exposed, "typed_note", broken)
    with serve_index({"mypy": ["1.19.1"]}) as index:
        options = FixOptions(repo=repo, index_url=index.url)
        result = fix_logs([str(types), str(tmp_path / "install")], options)
    status = {o.finding.kind: o for o in result.outcomes}
    assert status["mypy.type-arg"].status == "fixed"
    pip = status["pip.no-matching-distribution"]
    assert pip.status == "failed" and "injected failure for untypedlib" in pip.traceback
    assert result.commit is not None
    assert git(repo, "show", f"{result.commit}:pyproject.toml") == git(
        repo, "show", "HEAD:pyproject.toml"
    )
    assert "dict[str, Any]" in git(repo, "show", f"{result.commit}:app/a.py")
