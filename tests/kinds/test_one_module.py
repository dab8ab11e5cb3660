"""A new kind is one module of :mod:`fixer.kinds`: its parser, its codemod and all.

:data:`NEW_KIND` below is the whole of a kind fixer did not have, ``ruff.F541`` (an
f-string without placeholders) as ruff's ``pylint`` output shows it (a form no other
parser reads: ``ruff.rule`` reads the concise, full and github forms), written as one
file: its id and title, a pure parser, its codemod with examples, and the verifier that
proves it (ruff, re-run as the CI step ran it; the finding is targeted by its rule and
line). The test
drops that file into the package's path and nothing else: the registry's walk finds it,
the scanner runs its parser on a log of the real ruff, the planner gives its findings its
codemod, the real ruff proves the fix, and the report and the README's tables name it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import fixer.kinds
from fixer.app import FixOptions, diagnose_logs, fix_logs
from fixer.kinds import all_kinds, kind_of, parsers
from fixer.kinds._table import tables
from fixer.report.fix import to_markdown
from tests.kinds import test_examples
from tests.support.ghlog import Job, write_run
from tests.test_fix_safety import git, make_repo

NEW_KIND = '''\
"""``ruff.F541``: an f-string without placeholders, as ruff's pylint output shows it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fixer.codemods.base import Codemod, Example, Skip
from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import CodemodContext, Finding

LINE = re.compile(r"^(?P<path>[^:\\s]+):(?P<line>\\d+): \\[F541\\] ")
PREFIXED = re.compile(r"(?<![\\w\\x22\\x27])[fF](?=[\\x22\\x27])")  # f before a quote


class NoPlaceholdersParser(Parser):
    emits = frozenset({"ruff.F541"})
    rank = 55
    triggers = (b": [F541] ",)

    def feed(self, hit: Hit) -> None:
        match = LINE.match(strip_marker(hit.text))
        if match:
            hit.report(_finding(match["path"], int(match["line"])))


def _finding(path: str, line: int) -> Finding:
    return Finding(
        kind="ruff.F541",
        tool="ruff",
        message="f-string without any placeholders",
        path=path,
        raw_path=path,
        line=line,
        code="F541",
    )


class DropPrefix(Codemod):
    id = "drop_prefix"
    language = "python"
    examples = (
        Example("plain", 'print(f"hi")\\n', 'print("hi")\\n', (_finding("x.py", 1),)),
        Example("already-plain", 'print("hi")\\n', 'print("hi")\\n', (_finding("x.py", 1),)),
        Example("raw", 'print(rf"hi")\\n', 'print(rf"hi")\\n', (_finding("x.py", 1),), skip=True),
        Example("two", 'f"a" + f"b"\\n', 'f"a" + f"b"\\n', (_finding("x.py", 1),), skip=True),
    )

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        lines = text.splitlines(keepends=True)
        for finding in findings:
            row = (finding.line or 0) - 1
            if not 0 <= row < len(lines):
                raise Skip("the finding points outside the file")
            found = list(PREFIXED.finditer(lines[row]))
            if len(found) > 1:
                raise Skip("more than one f-string on the line: which one is not said")
            if not found and re.search(r"(?i)(?:rf|fr)[\\x22\\x27]", lines[row]):
                raise Skip("only a plain f prefix is dropped")
            if found:  # else no prefix (any more): nothing to do
                at = found[0].start()
                lines[row] = lines[row][:at] + lines[row][at + 1 :]
        return "".join(lines)


class RuffF541(Kind):
    id = "ruff.F541"
    title = "f-string without placeholders"
    parser = NoPlaceholdersParser
    recognizes = "ruff's pylint output: `[F541] f-string without any placeholders`"
    change = "the `f` prefix goes"
    codemods = (f"{__name__}:DropPrefix",)
    verifier = "ruff"
'''
SOURCE = 'GREETING = f"hello"\n\n\ndef shout(name: str) -> str:\n    return f"{name}!"\n'
COMMAND = ["ruff", "check", "--no-cache", "--output-format", "pylint", "--select", "F541", "."]


@pytest.fixture
def new_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The package path with one more module in it: ``ruff_f541.py``."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "ruff_f541.py").write_text(NEW_KIND)
    monkeypatch.setattr(fixer.kinds, "__path__", [*fixer.kinds.__path__, str(folder)])
    # a registry walked afresh; the one the other tests hold comes back afterwards
    monkeypatch.setattr(fixer.kinds, "_registry", cache(fixer.kinds._registry.__wrapped__))
    parsers.cache_clear()
    yield "ruff.F541"
    monkeypatch.undo()
    parsers.cache_clear()
    sys.modules.pop("fixer.kinds.ruff_f541", None)


def _log(root: Path, repo: Path) -> Path:
    """The real ruff on the repository, as the CI step printed it."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", *COMMAND], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 1 and "[F541]" in done.stdout, done.stderr
    job = Job("lint")
    job.setup()
    job.checkout()
    job.run("Lint", " ".join(COMMAND), done.stdout.splitlines(), exit_code=1)
    job.complete()
    write_run(root / "logs", [job])
    return root / "logs"


def test_the_walk_finds_a_kind_added_as_one_module(new_kind: str) -> None:
    kind = kind_of(new_kind)
    assert kind in all_kinds() and kind.parser in parsers()
    (codemod,) = kind.transforms()
    for example in codemod.examples:
        test_examples.test_example(kind, codemod, example)  # the checks every kind's pass
    fixes, kinds = tables()
    assert "| `ruff.F541` | the `f` prefix goes |" in fixes.splitlines()
    assert (
        "| `ruff.F541` | ruff's pylint output: `[F541] f-string without any placeholders` | yes |"
        in kinds.splitlines()
    )


def test_a_kind_added_as_one_module_is_diagnosed_fixed_and_proven(
    new_kind: str, tmp_path: Path
) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
            "app/__init__.py": "",
            "app/text.py": SOURCE,
        },
    )
    logs = _log(tmp_path, repo)
    (finding,) = diagnose_logs([str(logs)], repo).findings
    assert (finding.kind, finding.path, finding.line, finding.column) == (
        new_kind,
        "app/text.py",
        1,
        None,  # pylint's form prints no column
    )
    assert finding.fixable and finding.resolved
    result = fix_logs([str(logs)], FixOptions(repo=repo))
    (outcome,) = result.outcomes
    assert outcome.status == "fixed", outcome.reason
    (check,) = [v for v in outcome.verifications if v.tool == "ruff"]
    assert check.ran and check.ok and (check.errors_before, check.errors_after) == (1, 0)
    assert '-GREETING = f"hello"\n+GREETING = "hello"\n' in result.diff
    assert result.commit is not None
    committed = git(repo, "show", f"{result.commit}:app/text.py") + "\n"
    assert committed == SOURCE.replace('f"hello"', '"hello"')
    assert "`app/text.py:1` — f-string without placeholders: fixed" in to_markdown(result, [])
