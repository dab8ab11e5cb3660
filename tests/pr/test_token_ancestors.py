"""The repository's code cannot read the token from fixer's processes.

fixer runs as a program here (a child process, as on a runner), with the token in its
environment. The pull request's mypy plugin, ESLint config and ``setup.py`` each walk up
their process tree and read every ancestor's ``/proc/<pid>/environ`` and ``cmdline``
looking for the token, and write what they found. fixer re-executes itself without the
token in its environment (it comes over an inherited pipe) and is non-dumpable, so its
``environ`` cannot even be opened by them; no command line holds the token. A control
shows the probe does find a token where one is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixer.demo import DEMO_IDENTITY
from tests.pr.conftest import REPO, TOKEN, make_world
from tests.support.github_api import serve
from tests.support.pypi_index import IndexServer
from tests.test_fix_safety import MYPY_CONFIG, ci_log
from tests.test_fix_safety import make_repo as make_files_repo

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")

# Python probe: written into the repository with the token as hex (so the repository's
# files do not hold it) and where to report
PROBE = """
import os


def probe(label):
    needle = bytes.fromhex("{hex}")
    seen = []
    pid = os.getpid()
    while pid > 1:
        for part in ("environ", "cmdline"):
            try:
                with open(f"/proc/{{pid}}/{{part}}", "rb") as f:
                    data = f.read()
            except OSError:
                seen.append(f"{{pid}} {{part}} unreadable")
                continue
            seen.append(f"{{pid}} {{part}} " + ("TOKEN" if needle in data else "clean"))
        with open(f"/proc/{{pid}}/stat") as f:
            pid = int(f.read().rsplit(")", 1)[1].split()[1])
    with open({out!r}, "a") as f:
        f.write(label + ": " + "; ".join(seen) + "\\n")
"""
PLUGIN = """
from mypy.plugin import Plugin


def plugin(version: str) -> type[Plugin]:
    probe("mypy plugin")
    return Plugin
"""
SETUP = """
probe("setup.py")
from setuptools import setup

setup()
"""
JS_PROBE = """
import {{ appendFileSync, readFileSync }} from 'node:fs'

const needle = Buffer.from('{hex}', 'hex')
const seen = []
let pid = process.pid
while (pid > 1) {{
  for (const part of ['environ', 'cmdline']) {{
    try {{
      const data = readFileSync(`/proc/${{pid}}/${{part}}`)
      seen.push(`${{pid}} ${{part}} ` + (data.includes(needle) ? 'TOKEN' : 'clean'))
    }} catch {{
      seen.push(`${{pid}} ${{part}} unreadable`)
    }}
  }}
  const stat = readFileSync(`/proc/${{pid}}/stat`, 'utf8')
  pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}}
appendFileSync({out}, 'eslint config: ' + seen.join('; ') + '\\n')
"""


def _fixer(args: list[str], cwd: Path, extra: dict[str, str]) -> tuple[int, str, int]:
    """fixer as a program, the token in its environment: exit code, output, pid."""
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GH_TOKEN")}
    env |= {"GITHUB_TOKEN": TOKEN, "PATH": f"{Path(sys.executable).parent}:{env['PATH']}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fixer", *args],
        cwd=cwd,
        env=env | extra,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out, _ = proc.communicate(timeout=900)
    return proc.returncode, out, proc.pid


def _reports(found: Path) -> list[tuple[str, str]]:
    """(who, what it saw) for each run of a probe."""
    lines = found.read_text().splitlines() if found.exists() else []
    return [(who, seen) for who, seen in (line.split(": ", 1) for line in lines)]


def test_the_probe_finds_a_token_in_an_ancestor(tmp_path: Path) -> None:
    """The control: the same walk, under a parent that holds the token, finds it."""
    found = tmp_path / "found.txt"
    probe = PROBE.format(hex=TOKEN.encode().hex(), out=str(found)) + "\nprobe('control')\n"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {probe!r}])"
    env = {**os.environ, "GITHUB_TOKEN": TOKEN}
    subprocess.run([sys.executable, "-c", child], env=env, check=True)
    ((who, report),) = _reports(found)
    assert who == "control"
    assert f"{os.getpid()} cmdline clean" in report  # the walk reached the test itself
    assert report.count("environ TOKEN") == 2  # the probe (it inherits it) and its parent


def test_a_mypy_plugin_and_setup_py_find_no_token_in_fixer_pr(
    tmp_path: Path, index: IndexServer
) -> None:
    found = tmp_path / "found.txt"
    probe = PROBE.format(hex=TOKEN.encode().hex(), out=str(found))
    source = make_files_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG + 'plugins = ["probe_plugin.py"]\n',
            "probe_plugin.py": probe + PLUGIN,
            "setup.py": probe + SETUP,
            "app/__init__.py": "",
            "app/records.py": 'def build() -> dict:\n    return {"a": 1}\n',
        },
    )
    logs = ci_log(tmp_path, source, [sys.executable, "-m", "mypy", "app"], "Type check")
    found.unlink()
    world = make_world(tmp_path, source)
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, logs)
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Pat Person\n\temail = pat@example.com\n")
    git_env = {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}
    with serve(world.fake) as api:
        argv = ["pr", f"{REPO}#1", "--api-url", api.base_url, "--index-url", index.url]
        code, out, pid = _fixer([*argv, "--json"], tmp_path, git_env)

    assert code == 0 and json.loads(out)["action"] == "opened", out
    assert TOKEN not in out
    reports = _reports(found)
    assert {who for who, _ in reports} == {"mypy plugin"}  # setup.py is read with ast only
    assert len(reports) == 2  # before the fix and after
    for _, seen in reports:
        assert "TOKEN" not in seen
        assert _fixer_seen(seen, pid)


ESLINT_CASE = Path(__file__).resolve().parents[2] / "fixtures" / "logs" / "eslint-locked"


@pytest.mark.skipif(shutil.which("npm") is None, reason="needs node and npm")
def test_an_eslint_config_finds_no_token_in_fixer_fix(tmp_path: Path) -> None:
    found = tmp_path / "found.txt"
    repo = tmp_path / "frontend"
    shutil.copytree(ESLINT_CASE / "project", repo)
    config = repo / "eslint.config.js"
    probe = JS_PROBE.format(hex=TOKEN.encode().hex(), out=json.dumps(str(found)))
    config.write_text(probe + config.read_text())
    for args in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    subprocess.run(["git", *DEMO_IDENTITY, "commit", "-q", "-m", "F"], cwd=repo, check=True)
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    log = str(ESLINT_CASE / "job.log")
    code, out, pid = _fixer(["fix", log, "--repo", str(repo), "--json"], tmp_path, cache)

    assert code in (0, 1), out  # one of the case's two fixes is rolled back by design
    eslint = [v for o in json.loads(out)["outcomes"] for v in o["verifications"]]
    assert any(v["tool"] == "eslint" and v["ran"] for v in eslint), out
    runs = [seen for who, seen in _reports(found) if who == "eslint config"]
    assert runs and all("TOKEN" not in r for r in runs)
    assert all(_fixer_seen(seen, pid) for seen in runs)


def _fixer_seen(seen: str, pid: int) -> bool:
    """The walk went through fixer: its command line read, its environment clean, or
    not even readable (non-dumpable, to any user but root)."""
    environ = f"{pid} environ clean" in seen or f"{pid} environ unreadable" in seen
    return environ and f"{pid} cmdline clean" in seen


def test_fixer_is_not_dumpable_and_its_environment_holds_no_credential() -> None:
    """A program that starts as fixer does (:func:`fixer.vault.isolate`) reports its own
    state: the token held (it came over the pipe), none in its environment as the kernel
    keeps it nor in ``os.environ``, and not dumpable."""
    code = (
        "import ctypes, json, os\n"
        "from fixer import vault\n"
        "vault.isolate()\n"
        f"token = bytes.fromhex({TOKEN.encode().hex()!r}).decode()\n"
        "kept = open(f'/proc/{os.getpid()}/environ', 'rb').read()\n"
        "print(json.dumps([vault.held('GITHUB_TOKEN') == token, token.encode() in kept,\n"
        "    'GITHUB_TOKEN' in os.environ, ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)]))\n"
    )
    env = {**os.environ, "GITHUB_TOKEN": TOKEN}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert json.loads(done.stdout) == [True, False, False, 0], done.stderr
