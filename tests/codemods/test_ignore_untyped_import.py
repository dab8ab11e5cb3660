"""Edge cases of the ignore_untyped_import codemod, as (before, after) pairs."""

from __future__ import annotations

import pytest

from fixer.codemods.base import Skip
from fixer.codemods.python.ignore_untyped_import import IgnoreUntypedImport
from fixer.model import CodemodContext, Finding

MARK = "# type: ignore[import-untyped]"


def untyped(line: int, module: str = "yaml") -> Finding:
    return Finding(
        kind="mypy.import-untyped",
        tool="mypy",
        message=f'Library stubs not installed for "{module}"',
        path="pkg/mod.py",
        line=line,
        column=1,
        code="import-untyped",
        details={"module": module},
    )


CASES = [
    pytest.param(
        "if x: import yaml\n", f"if x: import yaml  {MARK}\n", [untyped(1)], id="one-line-suite"
    ),
    pytest.param(
        "import os; import yaml  # cfg\n",
        f"import os; import yaml  {MARK}  # cfg\n",
        [untyped(1)],
        id="second-statement-on-the-line",
    ),
    pytest.param(
        "import yaml  # type: ignore[attr-defined,misc]\n",
        "import yaml  # type: ignore[attr-defined,misc,import-untyped]\n",
        [untyped(1)],
        id="merge-keeps-comma-style",
    ),
    pytest.param(
        "import yaml  # type: ignore[attr-defined]  # cfg\n",
        "import yaml  # type: ignore[attr-defined, import-untyped]  # cfg\n",
        [untyped(1)],
        id="merge-keeps-following-comment",
    ),
    pytest.param(
        "import yaml  #type:ignore[import]\n",
        "import yaml  #type:ignore[import]\n",
        [untyped(1)],
        id="parent-code-import-covers-it",
    ),
    pytest.param(
        "import yaml  # noqa  # type: ignore[misc]\n",
        f"import yaml  {MARK}  # noqa  # type: ignore[misc]\n",
        [untyped(1)],
        id="ignore-not-leading-is-not-read-by-mypy",
    ),
    pytest.param(
        "from pyflakes import (  # the api\n    api,\n)\n",
        f"from pyflakes import (  {MARK}  # the api\n    api,\n)\n",
        [untyped(1, "pyflakes")],
        id="parenthesized-with-comment",
    ),
    pytest.param(
        "try:\n    import yaml\nexcept ImportError:\n    yaml = None\n",
        f"try:\n    import yaml  {MARK}\nexcept ImportError:\n    yaml = None\n",
        [untyped(2)],
        id="indented",
    ),
    pytest.param(
        "from google.cloud import storage\r\n",
        f"from google.cloud import storage  {MARK}\r\n",
        [untyped(1, "google.cloud.storage")],
        id="submodule-reported-crlf",
    ),
    pytest.param(
        "import yaml, toml\n",
        f"import yaml, toml  {MARK}\n",
        [untyped(1), untyped(1, "toml")],
        id="two-modules-one-mark",
    ),
    pytest.param(
        "x = (\n    1); import yaml\n",
        f"x = (\n    1); import yaml  {MARK}\n",
        [untyped(2)],
        id="after-a-multi-line-statement",
    ),
    pytest.param("import yaml", f"import yaml  {MARK}", [untyped(1)], id="no-final-newline"),
    pytest.param(
        "from yaml import (Loader,  # load\n    Dumper)\n",
        f"from yaml import (Loader,  {MARK}  # load\n    Dumper)\n",
        [untyped(1)],
        id="hanging-parenthesis",
    ),
]


@pytest.mark.parametrize(("before", "after", "findings"), CASES)
def test_ignore_untyped_import(before: str, after: str, findings: list[Finding]) -> None:
    out = IgnoreUntypedImport().transform(before, findings, CodemodContext())
    assert out == after
    assert IgnoreUntypedImport().transform(out, findings, CodemodContext()) == out


SKIPS = [
    pytest.param("import os\n", [untyped(1)], id="other-module"),
    pytest.param("import yaml\n", [untyped(2)], id="line-past-the-end"),
    pytest.param("x = 1\n", [untyped(1)], id="not-an-import"),
    pytest.param("from yaml import a, \\\n    b\n", [untyped(1)], id="backslash-continuation"),
    pytest.param("from yaml import (a as\n    b)\n", [untyped(1)], id="break-inside-alias"),
]


@pytest.mark.parametrize(("before", "findings"), SKIPS)
def test_ignore_untyped_import_skips(before: str, findings: list[Finding]) -> None:
    with pytest.raises(Skip):
        IgnoreUntypedImport().transform(before, findings, CodemodContext())
