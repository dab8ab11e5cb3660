"""Edge cases of the unused_import codemod, as (before, after) pairs with ids saying why.

Names and positions are written as the tools print them (checked against ruff 0.17 and
flake8 7.5): ruff ``1:17 `numpy``` for ``import numpy as np`` (the column of the alias),
flake8 ``1:1 'numpy as np'`` (the statement).
"""

from __future__ import annotations

import pytest

from fixer.codemods.base import Skip
from fixer.codemods.python.unused_import import UnusedImport
from fixer.model import CodemodContext, Finding


def ruff(line: int, name: str, column: int | None = None, path: str = "pkg/mod.py") -> Finding:
    return Finding(
        kind="ruff.F401",
        tool="ruff",
        message=f"`{name}` imported but unused",
        path=path,
        line=line,
        column=column,
        code="F401",
        details={"name": name},
    )


def flake8(line: int, name: str) -> Finding:
    return Finding(
        kind="flake8.F401",
        tool="flake8",
        message=f"'{name}' imported but unused",
        path="pkg/mod.py",
        line=line,
        column=1,
        code="F401",
        details={"name": name},
    )


CASES = [
    pytest.param(
        "import numpy as np\nimport os\n", "import os\n", [ruff(1, "numpy", 17)], id="ruff-alias"
    ),
    pytest.param(
        "import numpy as np\nimport os\n",
        "import os\n",
        [flake8(1, "numpy as np")],
        id="flake8-alias",
    ),
    pytest.param(
        "import os.path\nimport os\n\nos.getcwd()\n",
        "import os\n\nos.getcwd()\n",
        [ruff(1, "os.path", 8)],
        id="dotted",
    ),
    pytest.param(
        "from .. import a\nfrom ..b import c, d\n\nprint(d)\n",
        "from ..b import d\n\nprint(d)\n",
        [ruff(1, "..a", 16), ruff(2, "..b.c", 17)],
        id="relative",
    ),
    pytest.param(
        "import os, sys\n",
        "",
        [ruff(1, "os", 8), ruff(1, "sys", 12)],
        id="every-name-of-the-only-statement",
    ),
    pytest.param(
        "from a import (\n    b,  # bee\n    c,  # cee\n)\n\nprint(b)\n",
        "from a import (\n    b,  # bee\n)\n\nprint(b)\n",
        [ruff(3, "a.c", 5)],
        id="last-of-vertical-list-keeps-comment-of-previous",
    ),
    pytest.param(
        "from a import (\n    b,  # bee\n    c  # cee\n)\n\nprint(b)\n",
        "from a import (\n    b  # bee\n)\n\nprint(b)\n",
        [ruff(3, "a.c", 5)],
        id="last-of-vertical-list-without-trailing-comma",
    ),
    pytest.param(
        "from a import (\n    b,  # bee\n    c,  # cee\n)\n\nprint(c)\n",
        "from a import (\n    c,  # cee\n)\n\nprint(c)\n",
        [flake8(1, "a.b")],
        id="first-of-vertical-list-flake8-reports-first-line",
    ),
    pytest.param(
        "from a import b, \\\n    c\n\nprint(b)\n",
        "from a import b\n\nprint(b)\n",
        [ruff(2, "a.c", 5)],
        id="backslash-continuation",
    ),
    pytest.param("import os; x = 1\n", "x = 1\n", [ruff(1, "os", 8)], id="semicolon-first"),
    pytest.param("x = 1; import os\n", "x = 1\n", [ruff(1, "os", 15)], id="semicolon-last"),
    pytest.param("if x: import os\n", "if x: pass\n", [ruff(1, "os", 14)], id="one-line-suite"),
    pytest.param(
        "def f():\n    import os\n    return 1\n",
        "def f():\n    return 1\n",
        [ruff(2, "os", 12)],
        id="function-scope",
    ),
    pytest.param(
        "def f():\n    import os\n",
        "def f():\n    pass\n",
        [ruff(2, "os", 12)],
        id="function-body-left-empty-gets-pass",
    ),
    pytest.param(
        "if TYPE_CHECKING:\n    # for hints\n    import os\nx = 1\n",
        "if TYPE_CHECKING:\n    # for hints\n    pass\nx = 1\n",
        [ruff(3, "os", 12)],
        id="type-checking-block-comment-kept",
    ),
    pytest.param(
        "if TYPE_CHECKING:\n    import a\n    # about b\n    import b\nx = 1\n",
        "if TYPE_CHECKING:\n    pass\n    # about b\nx = 1\n",
        [ruff(2, "a", 12), ruff(4, "b", 12)],
        id="whole-block-emptied-comments-kept",
    ),
    pytest.param(
        "import os\n\nimport sys\nimport json\n\njson.dumps(os.sep)\n",
        "import os\n\nimport json\n\njson.dumps(os.sep)\n",
        [ruff(3, "sys", 8)],
        id="blank-line-above-moves-down",
    ),
    pytest.param(
        "import os\r\nimport sys  # exit\r\n\r\nsys.exit()\r\n",
        "import sys  # exit\r\n\r\nsys.exit()\r\n",
        [ruff(1, "os", 8)],
        id="crlf",
    ),
    pytest.param(
        "import os\n# last words\nimport sys\n",
        "import os\n# last words\n",
        [ruff(3, "sys", 8)],
        id="last-statement-comment-kept-as-footer",
    ),
    pytest.param(
        '__all__ = ("run",) + ("walk",)\nfrom m import run, stop\n',
        '__all__ = ("run",) + ("walk",)\nfrom m import run\n',
        [ruff(2, "m.stop", 20)],
        id="literal-__all__-read",
    ),
    pytest.param("import sys\n", "import sys\n", [ruff(1, "os", 8)], id="already-removed"),
    pytest.param(
        "import sys\n\nif sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import json\n",
        "import sys\n\nif sys.version_info >= (3, 11):\n    pass\nelse:\n    import json\n",
        [ruff(4, "tomllib", 12)],
        id="if-branch-without-alternative",
    ),
    pytest.param(
        "import os\nimport sys\n",
        "import os\nimport sys\n",
        [ruff(2, "os", 8)],
        id="line-moved-after-an-earlier-removal",
    ),
]


@pytest.mark.parametrize(("before", "after", "findings"), CASES)
def test_unused_import(before: str, after: str, findings: list[Finding]) -> None:
    out = UnusedImport().transform(before, findings, CodemodContext())
    assert out == after
    assert UnusedImport().transform(out, findings, CodemodContext()) == out, "not idempotent"


SKIPS = [
    pytest.param(
        "from .m import x\n", [ruff(1, ".m.x", 16, path="pkg/__init__.py")], id="__init__"
    ),
    pytest.param('from m import x\n__all__ = ["x"]\n', [ruff(1, "m.x", 15)], id="__all__"),
    pytest.param(
        'from m import x\n__all__.append("x")\n', [ruff(1, "m.x", 15)], id="__all__-append"
    ),
    pytest.param(
        "from m import x\n__all__ = names()\n", [ruff(1, "m.x", 15)], id="computed-__all__"
    ),
    pytest.param(
        "from __future__ import annotations\n", [ruff(1, "__future__.annotations")], id="future"
    ),
    pytest.param("import os  # NOQA\n", [ruff(1, "os", 8)], id="noqa-any-case"),
    pytest.param(
        "from m import (  # noqa\n    x,\n)\n", [ruff(2, "m.x", 5)], id="noqa-on-first-line"
    ),
    pytest.param("import json as json\n", [ruff(1, "json", 16)], id="redundant-alias-re-export"),
    pytest.param("from m import x as x\n", [ruff(1, "m.x", 20)], id="redundant-from-alias"),
    pytest.param(
        "try:\n    import yaml\nexcept ImportError:\n    yaml = None\n",
        [ruff(2, "yaml", 12)],
        id="availability-test-in-try",
    ),
    pytest.param(
        "try:\n    from json import loads\nexcept ImportError:\n    from simplejson import loads\n",
        [ruff(4, "simplejson.loads", 28)],
        id="fallback-in-except",
    ),
    pytest.param(
        "if sys.platform == 'win32':\n    from ._win import run\nelif x:\n    pass\nelse:\n"
        "    from ._posix import run\n",
        [ruff(6, "._posix.run", 25)],
        id="platform-alternatives-in-if-branches",
    ),
    pytest.param(
        "import os, os\n", [ruff(1, "os")], id="same-name-twice-on-the-line-without-column"
    ),
    pytest.param("def f(:\n", [ruff(1, "os", 8)], id="syntax-error"),
]


@pytest.mark.parametrize(("before", "findings"), SKIPS)
def test_unused_import_skips(before: str, findings: list[Finding]) -> None:
    with pytest.raises(Skip):
        UnusedImport().transform(before, findings, CodemodContext())


T = "tests/test_m.py"
USED = [
    pytest.param(
        "from f import db\n\n\nclass TestX:\n    def test_x(self, db):\n        pass\n",
        [ruff(1, "f.db", 15, path=T)],
        "`db` is a pytest fixture: a parameter of `test_x` at tests/test_m.py:5",
        id="fixture-parameter-of-a-test-method",
    ),
    pytest.param(
        "import pytest\nfrom f import db, user\n\n\n@pytest.fixture\ndef admin(user):\n"
        "    return user\n",
        [ruff(2, "f.user", 19, path="tests/conftest.py")],
        "`user` is a pytest fixture: a parameter of `admin` at tests/conftest.py:6",
        id="fixture-parameter-of-a-fixture-in-conftest",
    ),
    pytest.param(
        "import pytest\nfrom f import db\n\npytestmark = pytest.mark.usefixtures('db')\n",
        [ruff(2, "f.db", 15, path=T)],
        "`db` is a pytest fixture: `usefixtures` names it at tests/test_m.py:4",
        id="usefixtures",
    ),
    pytest.param(
        "from f import db\n\n\ndef test_x(request):\n    request.getfixturevalue('db')\n",
        [ruff(1, "f.db", 15, path=T)],
        "`db` is a pytest fixture: `getfixturevalue` names it at tests/test_m.py:5",
        id="getfixturevalue",
    ),
    pytest.param(
        "from datetime import date\n\n\ndef f(d):\n    # type: (date) -> None\n    pass\n",
        [ruff(1, "datetime.date", 22)],
        "`date` is used in a `# type:` comment at pkg/mod.py:5 (ruff and pyflakes do not read"
        " type comments)",
        id="signature-type-comment",
    ),
    pytest.param(
        "from enum import Enum\nfrom typing import List\n\nAlias = 'List[Enum]'\n",
        [ruff(1, "enum.Enum", 18)],
        "`Enum` is named in the string 'List[Enum]' at pkg/mod.py:4 (a forward reference or"
        " dynamic use the tools do not read)",
        id="alias-in-a-plain-string",
    ),
    pytest.param(
        "import sys\nimport json\n\nthis = sys.modules[__name__]\n",
        [ruff(2, "json", 8)],
        "the module looks its names up at run time: `sys.modules[__name__]` (line 4) in pkg/mod.py",
        id="sys-modules-of-itself",
    ),
    pytest.param(
        "from m import Thing, other\n\nKEYS = {'other': 1}\nuse = Thing\n",
        [ruff(1, "m.other", 22)],
        "`other` is named in the string 'other' at pkg/mod.py:3 (a forward reference or"
        " dynamic use the tools do not read)",
        id="a-from-import-named-in-a-string-stays",
    ),
]


@pytest.mark.parametrize(("before", "findings", "reason"), USED)
def test_a_name_used_where_the_tools_do_not_look_stays(
    before: str, findings: list[Finding], reason: str
) -> None:
    with pytest.raises(Skip) as skipped:
        UnusedImport().transform(before, findings, CodemodContext())
    assert skipped.value.reason == reason


@pytest.mark.parametrize(
    ("before", "after", "findings"),
    [
        pytest.param(
            "from f import db\n\n\ndef helper(db):\n    return db\n",
            "\n\ndef helper(db):\n    return db\n",
            [ruff(1, "f.db", 15, path="app/x.py")],
            id="a-parameter-outside-tests-is-no-fixture",
        ),
        pytest.param(
            "import os\nx = 1  # type: ignore[assignment]  # os\n",
            "x = 1  # type: ignore[assignment]  # os\n",
            [ruff(1, "os", 8)],
            id="type-ignore-is-no-type-comment",
        ),
    ],
)
def test_other_names_still_go(before: str, after: str, findings: list[Finding]) -> None:
    assert UnusedImport().transform(before, findings, CodemodContext()) == after
