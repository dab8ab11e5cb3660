"""A tool that breaks is neither bad input nor a failed fix, and a bug leaves a log.

The tools break for real: a mypy plugin of the test repository raises inside mypy or
sleeps past a limit, ruff is given less time than it takes to lint the file, the
repository's ESLint configuration throws or sleeps past a limit, and git is missing from
PATH. Each repository's log is produced by running the real tool on it before the tool
is made to break.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.app import FixOptions, fix_logs
from fixer.cli import main
from fixer.demo import NODE_TOOLS
from fixer.errors import EXIT_TOOL
from tests.support.ghlog import Job, write_run
from tests.test_fix_safety import MYPY, MYPY_CONFIG, ci_log, git, make_repo, tree_bytes

PLUGIN = """\
import os
import time
from mypy.plugin import Plugin

HERE = os.path.dirname(os.path.abspath(__file__))


class Breaks(Plugin):
    def get_additional_deps(self, file):
        if os.path.exists(os.path.join(HERE, "CRASH")):
            raise RuntimeError("the plugin broke")
        text = open(file.path).read() if file.path.endswith(".py") else ""
        if "CRASHME" in text and "Any" in text:
            raise RuntimeError("the plugin broke on " + file.path)
        return []


def plugin(version):
    if os.path.exists(os.path.join(HERE, "SLOW")):
        time.sleep(60)
    return Breaks
"""
CONFIG = MYPY_CONFIG + 'plugins = ["breaking_plugin"]\n'
GENERIC = 'def build() -> dict:\n    return {"a": 1}\n'


def broken_repo(root: Path, marker: str | None, **files: str) -> tuple[Path, Path]:
    """A repository whose mypy works for its CI log, then breaks when ``marker`` is added."""
    sources = {"pyproject.toml": CONFIG, "breaking_plugin.py": PLUGIN, "app/__init__.py": ""}
    repo = make_repo(root, {**sources, **files})
    logs = ci_log(root, repo, MYPY, "Type check")
    if marker:
        (repo / marker).write_text("")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "break mypy")
    return repo, logs


def test_mypy_that_crashes_on_the_untouched_tree_is_a_tool_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo, logs = broken_repo(tmp_path, "CRASH", **{"app/a.py": GENERIC})
    before = tree_bytes(repo)
    assert main(["fix", str(logs), "--repo", str(repo), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    (outcome,) = doc["outcomes"]
    assert outcome["status"] == "tool-error"
    assert outcome["reason"].startswith("tool error: mypy did not finish on the untouched tree: ")
    assert "INTERNAL ERROR" in outcome["reason"]
    assert doc["fix"]["counts"]["tool-error"] == 1 and doc["fix"]["commit"] is None
    assert tree_bytes(repo) == before


def test_mypy_that_crashes_on_one_fix_ends_that_finding_only(tmp_path: Path) -> None:
    crashes = "# CRASHME\n" + GENERIC
    repo, logs = broken_repo(tmp_path, None, **{"app/a.py": crashes, "app/b.py": GENERIC})
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    status = {o.finding.path: o for o in result.outcomes}
    assert status["app/b.py"].status == "fixed"
    assert status["app/a.py"].status == "tool-error"
    assert "tool error: mypy did not finish after the change" in status["app/a.py"].reason
    assert result.commit is not None and not result.complete
    rolled_back = git(repo, "show", f"{result.commit}:app/a.py")
    assert rolled_back == git(repo, "show", "HEAD:app/a.py") and "CRASHME" in rolled_back
    assert "dict[str, Any]" in git(repo, "show", f"{result.commit}:app/b.py")


def test_mypy_that_outlasts_the_limit_is_a_tool_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, logs = broken_repo(tmp_path, "SLOW", **{"app/a.py": GENERIC})
    monkeypatch.setenv("FIXER_TOOL_TIMEOUT", "1")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "tool-error"
    assert outcome.reason == (
        "tool error: mypy did not finish on the untouched tree: mypy timed out after 1 s"
    )
    assert result.commit is None


def lint_log(root: Path, repo: Path, command: list[str], cwd: str = "") -> Path:
    """The real linter's output on the repository, as the runner stores it."""
    done = subprocess.run(command, cwd=repo / cwd, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    output = done.stdout.replace(str(repo), "/home/runner/work/app/app").splitlines()
    job = Job("lint")
    job.setup()
    job.checkout()
    shown = " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))
    job.run("Lint", shown, output, exit_code=1)
    job.complete()
    write_run(root / "logs", [job])
    return root / "logs"


def test_ruff_that_outlasts_the_limit_is_a_tool_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "".join(
        f"def f{i}(a: int) -> str:\n    return sys.argv[a] * {i}\n\n\n" for i in range(150)
    )
    source = f"import os\nimport sys\n\n\n{body}"
    repo = make_repo(
        tmp_path, {"pyproject.toml": MYPY_CONFIG, "app/__init__.py": "", "app/big.py": source}
    )
    ruff = [
        str(Path(sys.executable).with_name("ruff")),
        "check",
        "--no-cache",
        "--select",
        "F401",
        ".",
    ]
    logs = lint_log(tmp_path, repo, ruff)
    before = tree_bytes(repo)
    monkeypatch.setenv("FIXER_TOOL_TIMEOUT", "0.001")  # less than ruff takes on 600 lines
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "tool-error", outcome.reason
    assert (
        outcome.reason
        == "rolled back: tool error: ruff did not finish: ruff timed out after 0.001 s"
    )
    assert result.commit is None and tree_bytes(repo) == before


ESLINT_CONFIG = """\
import fs from 'node:fs'
import js from '@eslint/js'

if (fs.existsSync(new URL('./CRASH', import.meta.url))) throw new Error('the config broke')
if (fs.existsSync(new URL('./SLOW', import.meta.url))) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000)

export default [js.configs.recommended, { languageOptions: { sourceType: 'module' } }]
"""
JS = "import { a, b } from './lib.js'\n\nexport const c = a\n"


@pytest.mark.skipif(not (NODE_TOOLS / ".bin" / "eslint").is_file(), reason="npm ci in tests/node")
@pytest.mark.parametrize(
    ("marker", "limit", "reason"),
    [
        ("CRASH", None, "ESLint failed: Error: the config broke"),
        ("SLOW", "2", "ESLint did not finish: timed out after 2 s"),
    ],
)
def test_eslint_that_breaks_is_a_tool_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: str, limit: str | None, reason: str
) -> None:
    files = {
        "web/package.json": '{"name": "web", "type": "module", "devDependencies": {"eslint": "^9"}}\n',
        "web/eslint.config.js": ESLINT_CONFIG,
        "web/lib.js": "export const a = 1\nexport const b = 2\n",
        "web/main.js": JS,
    }
    repo = make_repo(tmp_path, files)
    (repo / "web" / "node_modules").symlink_to(NODE_TOOLS)  # what `npm ci` leaves there
    logs = lint_log(tmp_path, repo, [str(NODE_TOOLS / ".bin" / "eslint"), "."], cwd="web")
    (repo / "web" / marker).write_text("")
    git(repo, "add", "web/" + marker)
    git(repo, "commit", "-qm", "break the config")
    if limit:
        monkeypatch.setenv("FIXER_TOOL_TIMEOUT", limit)
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.finding.kind == "eslint.no-unused-vars" and outcome.finding.fixable
    assert outcome.status == "tool-error", (outcome.reason, outcome.verifications, result.diff)
    assert reason in outcome.reason and "on the untouched file" in outcome.reason
    (check,) = {v for v in outcome.verifications if v.tool == "eslint"}
    assert check.ran and not check.ok and check.detail.startswith("tool error: ")
    assert result.commit is None
    assert git(repo, "show", "HEAD:web/main.js") + "\n" == JS


def test_no_git_is_a_tool_error_not_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(tmp_path, {"pyproject.toml": MYPY_CONFIG, "app/a.py": GENERIC})
    logs = ci_log(tmp_path, repo, MYPY, "Type check")
    bare = tmp_path / "bin"  # Python but no git
    bare.mkdir()
    (bare / "python3").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", str(bare))
    assert main(["diagnose", str(logs)]) == 1  # reading a log needs no git
    capsys.readouterr()
    assert main(["fix", str(logs), "--repo", str(repo)]) == EXIT_TOOL
    err = capsys.readouterr().err
    assert err.startswith("fixer: error: git ") and "exited with 127" in err


def test_a_bug_writes_a_log_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def bug(*args: object) -> None:
        raise KeyError("a key fixer forgot")

    monkeypatch.setattr("fixer.app.diagnose_logs", bug)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FIXER_DEBUG", raising=False)
    log = tmp_path / "cache" / "fixer" / "fixer.log"
    assert main(["diagnose", "some.log", "--json"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "fixer: internal error: KeyError: 'a key fixer forgot'"
    assert str(log) in err[1]
    text = log.read_text()
    import mypy.version

    assert "- fixer: 0." in text and f"- mypy: {mypy.version.__version__}" in text
    assert "- ruff: ruff 0." in text and "- git: git version 2." in text
    assert f"- python: {sys.version.split()[0]}" in text and "- platform: Linux" in text
    assert "    fixer diagnose some.log --json" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'a key fixer forgot'" in text
    assert "GITHUB_TOKEN" not in text and os.environ["PATH"] not in text


def test_a_bug_with_no_cache_to_write_prints_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def bug(*args: object) -> None:
        raise KeyError("a key fixer forgot")

    monkeypatch.setattr("fixer.app.diagnose_logs", bug)
    (tmp_path / "cache").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("FIXER_DEBUG", raising=False)
    assert main(["diagnose", "some.log"]) == 3
    err = capsys.readouterr().err
    assert "could not write the log" in err and "Traceback (most recent call last)" in err


def test_bad_input_writes_no_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["diagnose", str(tmp_path / "missing.log")]) == 2
    assert capsys.readouterr().err.startswith("fixer: error: ")
    assert not (tmp_path / "cache").exists()


def test_a_formatter_that_crashes_is_a_tool_error_not_a_clean_check(
    tmp_path: Path, tool_cache: Path
) -> None:
    # isort 5.13 raises (exit 1, as a failed check exits) on a profile it does not know:
    # its traceback is no "nothing to report"
    from tests.test_fix_formatters import ISORT_FILES, isort_failed

    repo, logs = isort_failed(tmp_path)
    (repo / "pyproject.toml").write_text(ISORT_FILES["pyproject.toml"].replace("black", "nope"))
    git(repo, "commit", "-qam", "break the configuration")
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.finding.kind == "isort.imports"
    assert outcome.status == "tool-error", (outcome.status, outcome.reason)
    assert "isort --check-only . crashed: " in outcome.reason, outcome.reason
    assert "ModuleNotFoundError: No module named 'pkg_resources'" in outcome.reason
    assert result.commit is None
