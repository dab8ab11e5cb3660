"""The edits of one file compose: an edit is written only over the text it was computed
from, and a codemod that finds what to change at its findings' lines sees them where
another fix of the file moved them."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from fixer.codemods.base import Codemod
from fixer.fix.apply import Conflict, Edit, conflict
from fixer.fix.engine import Session
from fixer.fix.plan import Task
from fixer.model import CodemodContext, Finding
from fixer.verify.checks import Checker

ORIGINAL = "import os\nimport sys\nimport json\n\nprint(os, json)\n"
WITHOUT_SYS = "import os\nimport json\n\nprint(os, json)\n"
SORTED = "import json\nimport os\nimport sys\n\nprint(os, json)\n"


def test_an_edit_may_be_written_only_over_the_text_it_was_computed_from() -> None:
    texts = {"a.py": ORIGINAL}
    removal = Edit({"a.py": WITHOUT_SYS}, (), "unused_import", {"a.py": ORIGINAL})
    assert conflict(removal, texts.__getitem__) is None
    texts["a.py"] = SORTED  # another fix of the file came in since
    why = conflict(removal, texts.__getitem__)
    assert why is not None and why.startswith("a.py changed after this fix (unused_import)")


def _session(tmp_path: Path) -> Session:
    (tmp_path / "a.py").write_text(ORIGINAL)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    session = Session(tmp_path, cast(Checker, SimpleNamespace(snapshot=None)))
    session.context = lambda finding, path: CodemodContext()
    return session


def test_the_second_of_two_edits_computed_on_the_same_text_is_refused(tmp_path: Path) -> None:
    session = _session(tmp_path)
    removal = Edit({"a.py": WITHOUT_SYS}, (), "unused_import", {"a.py": ORIGINAL})
    sort = Edit({"a.py": SORTED}, (), "rule_fix_output", {"a.py": ORIGINAL})
    session.write(removal)
    with pytest.raises(Conflict, match=r"a\.py changed after this fix"):
        session.write(sort)
    assert (tmp_path / "a.py").read_text() == WITHOUT_SYS  # nothing of it was written
    # computed again on the result, it composes
    resorted = "import json\nimport os\n\nprint(os, json)\n"
    session.write(Edit({"a.py": resorted}, (), "rule_fix_output", {"a.py": WITHOUT_SYS}))
    assert (tmp_path / "a.py").read_text() == resorted


class LineMarker(Codemod):
    """Appends ``# here`` to the line of each finding (as a positional codemod finds it)."""

    id = "line_marker"
    language = "python"

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        lines = text.splitlines(keepends=True)
        for f in findings:
            assert f.line is not None
            lines[f.line - 1] = lines[f.line - 1].rstrip("\n") + "  # here\n"
        return "".join(lines)


def _task(line: int) -> Task:
    finding = Finding(kind="ruff.F401", tool="ruff", message="", path="a.py", line=line)
    return Task("t1", (LineMarker(),), (finding,), ("a.py",))


def test_a_positional_codemod_sees_its_findings_where_an_earlier_fix_moved_them(
    tmp_path: Path,
) -> None:
    session = _session(tmp_path)
    session.read("a.py")
    session.write(Edit({"a.py": WITHOUT_SYS}, (), "unused_import", {"a.py": ORIGINAL}))
    edit = session.compute(_task(3), None)  # import json: line 3 of the commit's text
    assert edit.texts == {"a.py": "import os\nimport json  # here\n\nprint(os, json)\n"}
    assert edit.before == {"a.py": WITHOUT_SYS} and edit.start("a.py") == ORIGINAL
    refused = session.compute(_task(2), None)  # import sys: gone with the earlier fix
    assert not refused.texts
    assert refused.reasons == (
        "a.py:2: another fix of the file changed this line; it is left for a run on the result",
    )
