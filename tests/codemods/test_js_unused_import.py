"""UnusedJsImport: import shapes, formatting, skips, and the real ESLint before and after."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from fixer.codemods.base import Skip
from fixer.codemods.js.unused_import_js import UnusedJsImport
from fixer.jsparse import has_syntax_errors
from fixer.model import CodemodContext, Finding

CODEMOD = UnusedJsImport()
NODE_MODULES = Path(__file__).resolve().parents[1] / "node" / "node_modules"
ESLINT = NODE_MODULES / ".bin" / "eslint"


def unused(name: str, line: int | None, column: int | None, path: str) -> Finding:
    details = {"name": name, "binding": "import"}
    return Finding("eslint.no-unused-vars", "eslint", "", path, line, column, details=details)


def at(text: str, name: str) -> tuple[int, int]:
    """Line and column of the first whole-word ``name`` (ASCII texts only)."""
    match = re.search(rf"\b{re.escape(name)}\b", text)
    assert match is not None
    before = text[: match.start()]
    return before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1


def fix(text: str, path: str = "a.js", *names: str) -> str:
    findings = tuple(unused(n, *at(text, n), path) for n in names or ("act",))
    return CODEMOD.transform(text, findings, CodemodContext())


EDITS = [
    ("import { a, act, b } from 'x';\n", "import { a, b } from 'x';\n", "named-middle"),
    ("import { act, a } from 'x';\n", "import { a } from 'x';\n", "named-first"),
    ("import { a, act } from 'x';\n", "import { a } from 'x';\n", "named-last"),
    ("import { a, act, } from 'x';\n", "import { a, } from 'x';\n", "trailing-comma-kept"),
    ("import {\n  a,\n  act\n} from 'x'\n", "import {\n  a\n} from 'x'\n", "multiline-no-trailing"),
    ("import {\n  a, // x\n  act\n} from 'x'\n", "import {\n  a // x\n} from 'x'\n", "comment-kept"),
    (
        "import {\n  a,\n  // group\n  act, // why\n  b,\n} from 'x'\n",
        "import {\n  a,\n  // group\n  b,\n} from 'x'\n",
        "own-line-comment-kept-line-comment-gone",
    ),
    ("import {\n  a, act,\n  b,\n} from 'x'\n", "import {\n  a,\n  b,\n} from 'x'\n", "two-per-line"),
    ("import { x as act, y } from 'x'\n", "import { y } from 'x'\n", "aliased"),
    ("import * as act from 'x';\nfoo();\n", "foo();\n", "namespace-package-line-removed"),
    ("import a, * as act from 'x'\n", "import a from 'x'\n", "namespace-beside-default"),
    ("import act, { b } from 'x'\n", "import { b } from 'x'\n", "default-beside-named"),
    ("import act from './act.js'\n", "import './act.js'\n", "relative-keeps-side-effects"),
    ("import { act } from '@/lib/act'\n", "import '@/lib/act'\n", "alias-keeps-side-effects"),
    ("import act from '#internal'\n", "import '#internal'\n", "subpath-keeps-side-effects"),
    ("import act from 'node:fs'\nfoo()\n", "foo()\n", "node-builtin-removed"),
    ("import { act } from 'react'\nfoo()\n", "foo()\n", "no-semicolon-style"),
    (
        "import a from 'a'\n\nimport { act } from 'b'\n\nfoo(a)\n",
        "import a from 'a'\n\nfoo(a)\n",
        "no-double-blank-line",
    ),
    ("import { act } from 'b'\n\nfoo()\n", "foo()\n", "no-leading-blank-line"),
    (
        "import a from 'a'; import { act } from 'b';\nfoo(a)\n",
        "import a from 'a';\nfoo(a)\n",
        "two-statements-one-line",
    ),
    ("x();\r\nimport { act } from 'r';\r\ny();\r\n", "x();\r\ny();\r\n", "crlf-line"),
    (
        "import {\r\n  a,\r\n  act,\r\n} from 'x';\r\n",
        "import {\r\n  a,\r\n} from 'x';\r\n",
        "crlf-list",
    ),
    ("import { act } from 'r'\nconst o = { act: 1 };\no.act();\n", "const o = { act: 1 };\no.act();\n",
     "property-names-are-not-uses"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after"), [pytest.param(b, a, id=i) for b, a, i in EDITS])
def test_js_edits(before: str, after: str) -> None:
    assert fix(before) == after
    assert CODEMOD.transform(after, (unused("act", 1, 1, "a.js"),), CodemodContext()) == after


TS_EDITS = [
    ("a.ts", "import { type act, B } from './b';\nlet x: B;\n", "import { B } from './b';\nlet x: B;\n",
     "inline-type-specifier"),
    ("a.ts", "import type act from './t';\nlet x = 1;\n", "let x = 1;\n", "type-default-local-removed"),
    ("a.mts", "import { type act } from './t'\nlet x = 1\n", "let x = 1\n", "only-inline-types-removed"),
    ("a.tsx", "import { act, useState } from 'react';\nexport const A = () => <div>{useState()}</div>;\n",
     "import { useState } from 'react';\nexport const A = () => <div>{useState()}</div>;\n", "tsx"),
    ("a.cts", "import act, { b } from 'x'\nconst y = <number>b\n", "import { b } from 'x'\nconst y = <number>b\n",
     "ts-angle-cast-needs-ts-grammar"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "before", "after"), [pytest.param(p, b, a, id=i) for p, b, a, i in TS_EDITS]
)
def test_ts_edits(path: str, before: str, after: str) -> None:
    assert fix(before, path) == after


LOCAL = "import { floor } from './math';\nexport const x = 1;\n"


@pytest.mark.parametrize(
    ("runs", "after"),
    [
        (True, "import './math';\nexport const x = 1;\n"),  # the module ran: it still does
        (False, "export const x = 1;\n"),  # TypeScript dropped the import: it never ran
    ],
)
def test_a_local_modules_import_stays_bare_only_where_it_ran(runs: bool, after: str) -> None:
    finding = unused("floor", *at(LOCAL, "floor"), "src/a.ts")
    assert CODEMOD.transform(LOCAL, (finding,), CodemodContext(import_runs=runs)) == after


def test_a_local_modules_import_is_left_when_its_emit_is_unknown() -> None:
    finding = unused("floor", *at(LOCAL, "floor"), "src/a.ts")
    with pytest.raises(Skip, match="depends on a tsconfig fixer cannot read whole"):
        CODEMOD.transform(LOCAL, (finding,), CodemodContext(import_runs=None))
    package = "import { act } from 'react';\nexport const x = 1;\n"  # packages: no question
    finding = unused("act", *at(package, "act"), "src/a.ts")
    assert CODEMOD.transform(package, (finding,), CodemodContext(import_runs=None)) == (
        "export const x = 1;\n"
    )


def test_non_ascii_before_the_binding() -> None:
    before = "/* Größe 😀 */ import { a, act } from 'x'\nfoo(a)\n"
    finding = unused("act", 1, 28, "a.jsx")  # as ESLint reports it: the emoji counts twice
    after = CODEMOD.transform(before, (finding,), CodemodContext())
    assert after == "/* Größe 😀 */ import { a } from 'x'\nfoo(a)\n"


def test_same_finding_from_two_jobs() -> None:
    before = "import { a, act } from 'x'\na()\n"
    finding = unused("act", 1, 13, "a.js")
    after = CODEMOD.transform(before, (finding, finding), CodemodContext())
    assert after == "import { a } from 'x'\na()\n"


def test_two_unused_in_one_statement_and_another() -> None:
    before = "import { act, b } from 'x'\nimport c, { d } from 'y'\nd()\n"
    assert fix(before, "a.js", "act", "b", "c") == "import { d } from 'y'\nd()\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("import act from 'a'\nx = <act.Item />\n", "used", id="jsx-member"),
        pytest.param("import { act } from 'a'\nexport { act }\n", "used", id="exported"),
        pytest.param("import { act } from 'a'\nf({ act })\n", "used", id="shorthand-property"),
        pytest.param("let x = 1\nimport act from 'a';\n(y)()\n", "join", id="asi-hazard"),
        pytest.param("import { act } from 'a'\nlet x = (\n", "does not parse", id="syntax-error"),
    ],
)
def test_skips(text: str, reason: str) -> None:
    with pytest.raises(Skip, match=reason):
        fix(text, "a.jsx")


def test_skips_when_used_as_type() -> None:
    with pytest.raises(Skip, match="used"):
        fix("import { act } from 'a'\nlet x: act\n", "a.ts")


def test_skips_when_the_finding_points_elsewhere() -> None:
    finding = unused("act", 3, 1, "a.js")
    with pytest.raises(Skip, match="not where the finding points"):
        CODEMOD.transform("import { act } from 'a'\n", (finding,), CodemodContext())


@pytest.mark.parametrize("binding", ["variable", "parameter", "declaration", "stale"])
def test_skips_bindings_that_are_not_imports(binding: str) -> None:
    finding = Finding(
        "eslint.no-unused-vars",
        "eslint",
        "",
        "a.js",
        1,
        10,
        details={"name": "act", "binding": binding},
    )
    with pytest.raises(Skip, match="only unused imports"):
        CODEMOD.transform("import { act } from 'a'\n", (finding,), CodemodContext())


def test_unknown_binding_is_settled_by_the_source() -> None:
    finding = Finding("eslint.no-unused-vars", "eslint", "", "a.js", 1, 10, details={"name": "act"})
    assert (
        CODEMOD.transform("import { act } from 'a'\nf()\n", (finding,), CodemodContext()) == "f()\n"
    )
    function = "function act() {}\n"
    assert CODEMOD.transform(function, (finding,), CodemodContext()) == function


def test_skips_import_require_and_pathless_findings() -> None:
    with pytest.raises(Skip, match="require"):
        fix("import act = require('a')\n", "a.ts")
    with pytest.raises(Skip, match="grammar"):
        CODEMOD.transform(
            "import { act } from 'a'\n", (unused("act", 1, 10, ""),), CodemodContext()
        )


@pytest.mark.parametrize(
    ("text", "path", "errors"),
    [
        ("const a = <A />;\n", "a.jsx", False),
        ("const a = <A />;\n", "a.ts", True),
        ("const a = <A />;\n", "a.tsx", False),
        ("let y = <number>x;\n", "a.ts", False),
        ("let y = (1\n", "a.js", True),
    ],
)
def test_has_syntax_errors(text: str, path: str, errors: bool) -> None:
    assert has_syntax_errors(text, path) is errors


ESLINT_CONFIG = """
import react from "{modules}/eslint-plugin-react/index.js";
import tseslint from "{modules}/typescript-eslint/dist/index.js";
const jsx = {{ ecmaFeatures: {{ jsx: true }} }};
export default [
  {{ files: ["**/*.js", "**/*.jsx", "**/*.mjs"], plugins: {{ react }},
     languageOptions: {{ ecmaVersion: "latest", sourceType: "module", parserOptions: jsx }},
     rules: {{ "no-unused-vars": "error", "react/jsx-uses-vars": "error" }} }},
  {{ files: ["**/*.ts", "**/*.tsx"], plugins: {{ "@typescript-eslint": tseslint.plugin, react }},
     languageOptions: {{ parser: tseslint.parser, parserOptions: jsx }},
     rules: {{ "@typescript-eslint/no-unused-vars": "error", "react/jsx-uses-vars": "error" }} }},
];
"""
ESLINT_CASES = {
    "ReadyBadge.test.jsx": "import { render, screen, act } from '@testing-library/react';\n"
    "import ReadyBadge from './ReadyBadge';\n\n"
    "test('shows', () => {\n  render(<ReadyBadge />);\n  screen.getByText('ready');\n});\n",
    "only.test.jsx": "import { act } from 'react';\nimport { render } from '@testing-library/react';\n"
    "\ntest('x', () => render(<p>ü 😀</p>));\n",
    "multi.ts": "import {\n  a,\n  b, // unused\n  type C,\n} from './m';\r\nimport * as ns from 'ns'\n"
    "export const x: C = a;\n",
    "view.tsx": "// Größe\nimport React, { useMemo, useState } from 'react';\n"
    "export const V = () => <div>{useState(0)[0]}</div>;\n",
}


def eslint(folder: Path) -> list[tuple[str, str, int, int]]:
    result = subprocess.run(
        [str(ESLINT), "--no-config-lookup", "-c", "eslint.config.mjs", "-f", "json", "."],
        cwd=folder, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    return [
        (Path(f["filePath"]).name, re.findall(r"'(.+?)'", m["message"])[0], m["line"], m["column"])
        for f in json.loads(result.stdout)
        for m in f["messages"]
    ]


def test_real_eslint_passes_after(tmp_path: Path) -> None:
    if not ESLINT.exists():
        pytest.skip("ESLint is not installed in tests/node")
    (tmp_path / "eslint.config.mjs").write_text(ESLINT_CONFIG.format(modules=NODE_MODULES))
    for name, text in ESLINT_CASES.items():
        (tmp_path / name).write_bytes(text.encode())
    reported = eslint(tmp_path)
    assert {r[0] for r in reported} == set(ESLINT_CASES)
    for name, text in ESLINT_CASES.items():
        findings = tuple(unused(n, ln, col, name) for f, n, ln, col in reported if f == name)
        after = CODEMOD.transform(text, findings, CodemodContext())
        assert after != text
        (tmp_path / name).write_bytes(after.encode())
    assert eslint(tmp_path) == []
