"""Fixes that do not verify, and logs that point outside the repository.

Each repository is built here, and its CI log is produced by running the real mypy or
pip on it and writing the output in GitHub's format.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from tests.support.ghlog import Job, write_run
from tests.support.pypi_index import IndexServer, serve_index

MYPY_CONFIG = '[project]\nname = "app"\nversion = "0"\n\n[tool.mypy]\nstrict = true\n'
WORKFLOW = """\
on: [push]
jobs:
  types:
    steps:
      - uses: actions/checkout@v4
      - name: Type check
        run: mypy app
"""


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "M",
        "GIT_AUTHOR_EMAIL": "m@example.com",
        "GIT_COMMITTER_NAME": "M",
        "GIT_COMMITTER_EMAIL": "m@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def make_repo(root: Path, files: dict[str, str]) -> Path:
    repo = root / "repo"
    for rel, text in {".github/workflows/ci.yml": WORKFLOW, **files}.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(textwrap.dedent(text))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    return repo


def ci_log(root: Path, repo: Path, command: list[str], step: str, job: str = "types") -> Path:
    """Run the real tool on the repository and write its output as the run's log."""
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    output = (done.stdout + done.stderr).splitlines()
    run = Job(job)
    run.setup()
    run.checkout()
    run.run(
        step,
        " ".join(command[2:] if command[1] == "-m" else command),
        output,
        exit_code=done.returncode,
    )
    run.complete()
    logs = root / "logs"
    write_run(logs, [run])
    return logs


def tree_bytes(repo: Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }


MYPY = [sys.executable, "-m", "mypy", "app"]


def test_naive_dict_str_any_breaks_mypy_so_the_alternative_is_used(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG,
            "app/__init__.py": "",
            "app/records.py": """\
            def build() -> dict:
                return {"a": 1}


            def first() -> int:
                value: int = build()[1]
                return value
            """,
        },
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    result = fix_logs([str(logs)], FixOptions(repo=repo, dry_run=True))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed"
    assert (
        "-def build() -> dict:\n+from typing import Any\n+\n+\n+def build() -> dict[Any, Any]:"
        in (result.diff)
    )
    failed = [v for v in outcome.verifications if not v.ok]
    assert failed == []  # the verifications of the alternative that held


def test_unprovable_fix_is_rolled_back_whole(tmp_path: Path) -> None:
    config = MYPY_CONFIG + "disallow_any_explicit = true\n"
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": config,
            "app/__init__.py": "",
            "app/records.py": 'def build() -> dict:\n    return {"a": 1}\n',
        },
    )
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    before = tree_bytes(repo)
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "failed"
    assert outcome.reason.startswith("rolled back: mypy reports a new error")
    assert "explicit-any" in outcome.reason or "Explicit" in outcome.reason
    assert result.diff == "" and result.commit is None and not result.complete
    assert git(repo, "branch", "--list", "fixer/*") == ""
    assert tree_bytes(repo) == before
    assert len(git(repo, "worktree", "list").splitlines()) == 1


def _outside_log(tmp_path: Path, path: str) -> Path:
    run = Job("types")
    run.setup()
    run.run(
        "Type check",
        "mypy app",
        [
            f'{path}:1: error: Missing type parameters for generic type "dict"  [type-arg]',
            "Found 1 error in 1 file (checked 2 source files)",
        ],
        exit_code=1,
    )
    logs = tmp_path / "logs"
    write_run(logs, [run])
    return logs


@pytest.mark.parametrize(
    "printed", ["../outside/victim.py", "../../outside/victim.py", "link.py", "linked/victim.py"]
)
def test_nothing_is_written_outside_the_repository(tmp_path: Path, printed: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.py"
    victim.write_text("def f() -> dict:\n    return {}\n")
    repo = make_repo(tmp_path, {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": ""})
    os.symlink(victim, repo / "link.py")
    os.symlink(outside, repo / "linked")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    logs = _outside_log(tmp_path, printed)
    listing = sorted(p.name for p in outside.rglob("*")), sorted(p.name for p in tmp_path.iterdir())
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (finding,) = result.diagnosis.findings
    assert not finding.resolved and not finding.fixable
    assert result.outcomes == () and result.commit is None
    assert victim.read_text() == "def f() -> dict:\n    return {}\n"
    after = sorted(p.name for p in outside.rglob("*")), sorted(p.name for p in tmp_path.iterdir())
    assert after == listing


MORE_UNTYPED = {
    "app/more.py": "from untypedlib import answer\n\n\ndef more() -> int:\n"
    "    return int(answer())\n"
}


@pytest.mark.parametrize("more", [{}, MORE_UNTYPED], ids=["one-module", "two-modules"])
def test_removed_stub_falls_back_to_type_ignore_when_mypy_wants_stubs(
    tmp_path: Path, more: dict[str, str]
) -> None:
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    site = next((env / "lib").glob("python3*/site-packages"))
    (site / "untypedlib").mkdir()
    (site / "untypedlib" / "__init__.py").write_text("def answer():\n    return 42\n")
    pyproject = MYPY_CONFIG.replace(
        'version = "0"\n',
        'version = "0"\n\n[project.optional-dependencies]\n'
        'dev = [\n    "mypy",\n    "types-untypedlib>=1.0",\n]\n',
    )
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            "app/__init__.py": "",
            "app/use.py": "import untypedlib\n\n\ndef get() -> int:\n"
            "    return int(untypedlib.answer())\n",
            **more,
        },
    )
    with serve_index({"mypy": ["1.19.1"]}) as index:
        pip = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-deps",
            "--isolated",
            "--index-url",
            index.url,
            "types-untypedlib>=1.0",
        ]
        logs = ci_log(tmp_path, repo, pip, "Install dependencies")
        options = FixOptions(repo=repo, python=str(env / "bin" / "python"), index_url=index.url)
        result = fix_logs([str(logs)], options)
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    assert '-    "types-untypedlib>=1.0",\n' in result.diff
    assert "+import untypedlib  # type: ignore[import-untyped]\n" in result.diff, outcome.notes
    if more:  # what the removal exposed in two modules: two tasks, fixed and proven together
        assert "+from untypedlib import answer  # type: ignore[import-untyped]\n" in result.diff
    assert sorted(c.path for c in outcome.changes) == sorted(
        ["app/use.py", *more, "pyproject.toml"]
    )
    assert any("untypedlib does not ship py.typed" in n for n in outcome.notes)
    (note,) = [n for n in outcome.notes if "mypy.import-untyped" in n]
    assert note.startswith("`mypy app` then reported") and "for untypedlib: fixed" in note
    mypy_checks = [v for v in outcome.verifications if v.tool == "mypy"]
    found = 1 + len(more)
    assert [(v.errors_before, v.errors_after, v.ok) for v in mypy_checks] == [(found, 0, True)]


def test_index_that_has_the_project_blocks_the_removal(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG.replace(
                'version = "0"\n', 'version = "0"\ndependencies = ["flaky-pkg>=1.0"]\n'
            ),
            "app/__init__.py": "",
        },
    )
    run = Job("install")
    run.setup()
    run.run(
        None,
        "pip install -e .",
        [
            "ERROR: Could not find a version that satisfies the requirement flaky-pkg>=1.0 "
            "(from versions: none)",
            "ERROR: No matching distribution found for flaky-pkg>=1.0",
        ],
        exit_code=1,
    )
    write_run(tmp_path / "logs", [run])
    index: IndexServer
    with serve_index({"flaky-pkg": ["1.2"]}) as index:
        result = fix_logs([str(tmp_path / "logs")], FixOptions(repo=repo, index_url=index.url))
    (outcome,) = result.outcomes
    assert outcome.status == "skipped"
    assert "flaky-pkg 1.2 satisfies" in outcome.reason or "1.2" in outcome.reason
    assert result.commit is None


PLUGIN = """\
import os

from mypy.plugin import Plugin


def plugin(version: str) -> type[Plugin]:
    seen = sorted(k for k in os.environ if "TOKEN" in k or "SECRET" in k)
    with open(os.environ["FIXER_TEST_DUMP"], "a") as out:
        out.write(",".join(seen) + "\\n")
    return Plugin
"""


def test_tokens_never_reach_the_repository_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "seen.txt"
    config = MYPY_CONFIG + 'plugins = ["envdump.py"]\n'
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": config,
            "envdump.py": PLUGIN,
            "app/__init__.py": "",
            "app/records.py": 'def build() -> dict:\n    return {"a": 1}\n',
        },
    )
    monkeypatch.setenv("FIXER_TEST_DUMP", str(dump))
    logs = ci_log(tmp_path, repo, MYPY, "Type check")  # the plugin runs in CI too
    dump.write_text("")
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_secret000")
    monkeypatch.setenv("GH_TOKEN", "ghp_secret111")
    monkeypatch.setenv("ACTIONS_RUNTIME_TOKEN", "rt-secret")
    monkeypatch.setenv("MY_API_SECRET", "s3cr3t")
    result = fix_logs([str(logs)], FixOptions(repo=repo, dry_run=True))
    assert [o.status for o in result.outcomes] == ["fixed"]
    runs = dump.read_text().splitlines()
    assert len(runs) == 2  # the baseline and the run after the fix both loaded the plugin
    assert runs == ["", ""]  # and neither saw any token or secret


@pytest.mark.parametrize(
    ("scenario", "path", "breakage", "why"),
    [
        (
            "type-arg",
            "backend/tunix_rt_backend/services/datasets_export.py",
            "def (:\n",
            "does not parse",
        ),
        ("invalid-dependency", "backend/pyproject.toml", "[project\n", "not valid TOML"),
    ],
)
def test_a_file_that_does_not_parse_is_left_alone(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    scenario: str,
    path: str,
    breakage: str,
    why: str,
) -> None:
    from fixer.cli import main
    from fixer.demo import FIXTURES
    from fixer.demo import make_repo as make_scenario

    repo = make_scenario(FIXTURES / scenario, tmp_path)
    target = repo / path
    target.write_text(target.read_text() + breakage)
    git(repo, "commit", "-q", "-am", "broken file")
    before = tree_bytes(repo)
    with serve_index({}) as index:
        argv = ["fix", str(FIXTURES / scenario / "logs"), "--repo", str(repo)]
        code = main([*argv, "--index-url", index.url])
    out, err = capsys.readouterr()
    assert code == 1
    assert why in out and "Traceback" not in out + err
    assert tree_bytes(repo) == before
    assert git(repo, "branch", "--list", "fixer/*") == ""


def test_unused_import_fix_is_verified_by_ruff(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG,
            "app/__init__.py": "",
            "app/paths.py": "import os\nimport sys\n\n\ndef argv0() -> str:\n    return sys.argv[0]\n",
        },
    )
    ruff = [
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--isolated",
        "--select",
        "F401",
        "--output-format",
        "concise",
        "app",
    ]
    logs = ci_log(tmp_path, repo, ruff, "Lint", job="lint")
    result = fix_logs([str(logs)], FixOptions(repo=repo, dry_run=True))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed"
    assert "-import os\n import sys\n" in result.diff
    (check,) = [v for v in outcome.verifications if v.tool == "ruff"]
    assert check.ok and check.detail == "" and (check.errors_before, check.errors_after) == (1, 0)
    # the CI's own rule options, and the pyflakes rules (F821 among them) on top
    assert check.command[:7] == (
        "ruff",
        "check",
        "--isolated",
        "--select",
        "F401",
        "--extend-select",
        "F",
    )
