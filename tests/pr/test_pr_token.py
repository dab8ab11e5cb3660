"""The token stays out of everything but the Authorization header: a hostile mypy plugin in
the pull request's code sees no credential, and no file in the clone's ``.git`` or the
remote holds it. (The fake GitHub itself fails the test if it sees the token in a URL or a
body, or in a request to the log download host.)"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

import git
import pytest

import fixer.pr.publish
from fixer.cli import main
from tests.pr.conftest import REPO, TOKEN, make_world
from tests.support.github_api import serve
from tests.support.pypi_index import IndexServer
from tests.test_fix_safety import MYPY_CONFIG, ci_log
from tests.test_fix_safety import make_repo as make_files_repo

PLUGIN = """\
import os

from mypy.plugin import Plugin


def plugin(version: str) -> type[Plugin]:
    with open(os.environ["FIXER_TEST_DUMP"], "a") as out:
        out.write(repr(sorted(os.environ.items())) + "\\n")
    return Plugin
"""
SECRETS = (TOKEN.encode(), base64.b64encode(f"x-access-token:{TOKEN}".encode()))


def files_holding_the_token(root: Path) -> list[str]:
    return [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and any(s in p.read_bytes() for s in SECRETS)
    ]


def test_the_token_reaches_neither_the_repository_code_nor_the_disk(
    tmp_path: Path,
    index: IndexServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dump = tmp_path / "seen.txt"
    monkeypatch.setenv("FIXER_TEST_DUMP", str(dump))
    source = make_files_repo(
        tmp_path,
        {
            "pyproject.toml": MYPY_CONFIG + 'plugins = ["envdump.py"]\n',
            "envdump.py": PLUGIN,
            "app/__init__.py": "",
            "app/records.py": 'def build() -> dict:\n    return {"a": 1}\n',
        },
    )
    logs = ci_log(tmp_path, source, [sys.executable, "-m", "mypy", "app"], "Type check")
    dump.write_text("")
    world = make_world(tmp_path, source)
    pull = world.fake.add_pull(REPO, head="feature", author="pat")
    world.red_run(pull, logs)
    scanned: list[list[str]] = []
    real_push = fixer.pr.publish.push

    def push_and_look(repo: git.Repo, *args: Any) -> str:
        scanned.append(files_holding_the_token(Path(str(repo.working_tree_dir))))
        return real_push(repo, *args)

    monkeypatch.setattr(fixer.pr.publish, "push", push_and_look)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    monkeypatch.setenv("GH_TOKEN", TOKEN)  # another credential in the environment
    with serve(world.fake) as api:
        argv = ["pr", f"{REPO}#1", "--api-url", api.base_url, "--index-url", index.url]
        code = main([*argv, "--token-file", str(token_file), "--json"])
        out, err = capsys.readouterr()

    assert (code, json.loads(out)["action"]) == (0, "opened"), err
    assert TOKEN not in out + err
    runs = dump.read_text().splitlines()
    assert len(runs) == 2  # the plugin ran, before and after the fix
    assert not any(TOKEN in run or "GH_TOKEN" in run or "GITHUB_TOKEN" in run for run in runs)
    assert scanned == [[]]  # the clone, .git included, just before the push
    assert files_holding_the_token(world.bare) == []
    assert TOKEN not in str(world.fake.repo(REPO).pulls[2].body)
