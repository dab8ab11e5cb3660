"""Whether an import whose bindings all go still runs its module: JS always, TS per tsconfig."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from fixer.kinds._tsconfig import import_runs

TSC = Path(__file__).resolve().parents[1] / "node" / "node_modules" / ".bin" / "tsc"


def reader(files: dict[str, str]) -> Callable[[str], str | None]:
    return files.get


def test_javascript_always_runs_the_module() -> None:
    for path in ("src/a.js", "src/a.jsx", "src/a.mjs", "src/a.cjs"):
        assert import_runs(path, reader({})) is True


def test_typescript_without_tsconfig_drops_it() -> None:
    assert import_runs("src/a.ts", reader({})) is False


@pytest.mark.parametrize(
    ("options", "runs"),
    [
        ('"strict": true', False),
        ('"verbatimModuleSyntax": true', True),
        ('"verbatimModuleSyntax": false', False),
        ('"preserveValueImports": true', True),
        ('"importsNotUsedAsValues": "preserve"', True),
        ('"importsNotUsedAsValues": "error"', True),
        ('"importsNotUsedAsValues": "remove"', False),
    ],
)
def test_the_nearest_tsconfig_decides(options: str, runs: bool) -> None:
    config = '{\n  // the app\n  "compilerOptions": {\n    OPTIONS, /* c */\n  },\n}\n'
    config = config.replace("OPTIONS", options)
    files = {"web/tsconfig.json": config, "tsconfig.json": '{"compilerOptions": {}}'}
    assert import_runs("web/src/a.tsx", reader(files)) is runs
    assert import_runs("other/a.ts", reader(files)) is False  # the root's


def test_extends_a_relative_file_and_overrides_it() -> None:
    files = {
        "tsconfig.base.json": '{"compilerOptions": {"verbatimModuleSyntax": true}}',
        "app/tsconfig.json": '{"extends": "../tsconfig.base", "compilerOptions": {}}',
        "lib/tsconfig.json": (
            '{"extends": ["../tsconfig.base.json"],'
            ' "compilerOptions": {"verbatimModuleSyntax": false}}'
        ),
    }
    assert import_runs("app/a.ts", reader(files)) is True
    assert import_runs("lib/a.ts", reader(files)) is False


def test_a_package_or_unreadable_config_is_unknown_unless_the_file_decides() -> None:
    files = {
        "a/tsconfig.json": '{"extends": "@tsconfig/strictest/tsconfig.json"}',
        "b/tsconfig.json": '{"extends": "@tsconfig/x", "compilerOptions": {"verbatimModuleSyntax": true}}',
        "c/tsconfig.json": '{"compilerOptions": {',
        "d/tsconfig.json": '{"extends": "./d.json"}',
        "d/d.json": '{"extends": "./tsconfig.json"}',  # a loop
        "e/tsconfig.json": '{"extends": "../../outside.json"}',
    }
    assert import_runs("a/x.ts", reader(files)) is None
    assert import_runs("b/x.ts", reader(files)) is True
    assert import_runs("c/x.ts", reader(files)) is None
    assert import_runs("d/x.ts", reader(files)) is None
    assert import_runs("e/x.ts", reader(files)) is None


def test_extends_a_package_from_node_modules_up_the_tree() -> None:
    files = {
        "web/tsconfig.json": '{"extends": "@vue/tsconfig/tsconfig.dom.json"}',
        "node_modules/@vue/tsconfig/tsconfig.dom.json": '{"extends": "./tsconfig.json"}',
        "node_modules/@vue/tsconfig/tsconfig.json": (
            '{"compilerOptions": {"verbatimModuleSyntax": true}}'
        ),
        "api/tsconfig.json": '{"extends": "@tsconfig/node20"}',
        "api/node_modules/@tsconfig/node20/tsconfig.json": '{"compilerOptions": {}}',
    }
    assert import_runs("web/src/a.ts", reader(files)) is True
    assert import_runs("api/a.ts", reader(files)) is False


VITE = {  # create-vite 9.3.0's template-react-ts, as written
    "tsconfig.json": (
        '{\n  "files": [],\n  "references": [\n    { "path": "./tsconfig.app.json" },\n'
        '    { "path": "./tsconfig.node.json" }\n  ]\n}\n'
    ),
    "tsconfig.app.json": (
        '{\n  "compilerOptions": {\n    "module": "esnext",\n\n    /* Bundler mode */\n'
        '    "verbatimModuleSyntax": true,\n    "noUnusedLocals": true\n  },\n'
        '  "include": ["src"]\n}\n'
    ),
    "tsconfig.node.json": '{"compilerOptions": {}, "include": ["vite.config.ts"]}',
}


def test_a_solution_style_tsconfig_is_its_references_that_include_the_file() -> None:
    assert import_runs("src/App.tsx", reader(VITE)) is True  # tsconfig.app.json's
    assert import_runs("vite.config.ts", reader(VITE)) is False  # tsconfig.node.json's
    # a file no reference includes: they disagree, so it cannot be told
    assert import_runs("scripts/x.ts", reader(VITE)) is None
    same = {**VITE, "tsconfig.node.json": VITE["tsconfig.app.json"]}
    assert import_runs("scripts/x.ts", reader(same)) is True


def test_include_globs() -> None:
    files = {
        "tsconfig.json": '{"compilerOptions": {"verbatimModuleSyntax": true},'
        ' "include": ["src/**/*.ts"], "references": [{"path": "./other"}]}',
        "other/tsconfig.json": '{"files": ["x.ts"]}',
    }
    assert import_runs("src/deep/a.ts", reader(files)) is True
    assert import_runs("other/x.ts", reader(files)) is False


def test_strings_that_look_like_comments_stay() -> None:
    config = '{"compilerOptions": {"baseUrl": "http://x/*", "verbatimModuleSyntax": true}}'
    assert import_runs("a.ts", reader({"tsconfig.json": config})) is True


@pytest.mark.skipif(not TSC.exists(), reason="needs tests/node's TypeScript")
@pytest.mark.parametrize("flag", [[], ["--verbatimModuleSyntax"]])
def test_what_tsc_emits_agrees(tmp_path: Path, flag: list[str]) -> None:
    (tmp_path / "a.ts").write_text('import { floor } from "./math";\nexport const x = 1;\n')
    (tmp_path / "math.ts").write_text("export const floor = 1;\n")
    args = [str(TSC), "--outDir", "out", "--module", "esnext", "--target", "es2022", *flag]
    subprocess.run([*args, "a.ts", "math.ts"], cwd=tmp_path, check=True)
    emitted = "./math" in (tmp_path / "out" / "a.js").read_text()
    options = '"verbatimModuleSyntax": true' if flag else '"strict": true'
    config = '{"compilerOptions": {' + options + "}}"
    assert import_runs("a.ts", reader({"tsconfig.json": config})) is emitted


@pytest.fixture(scope="module")
def create_vite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """create-vite 9.3.0's templates, from the npm registry."""
    if shutil.which("npm") is None:
        pytest.skip("needs npm")
    folder = tmp_path_factory.mktemp("create-vite")
    subprocess.run(
        ["npm", "pack", "--silent", "create-vite@9.3.0"], cwd=folder, check=True, timeout=300
    )
    (tarball,) = folder.glob("create-vite-*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


@pytest.mark.parametrize(
    ("template", "path", "runs"),
    [
        ("template-react-ts", "src/App.tsx", True),  # tsconfig.app.json: verbatimModuleSyntax
        ("template-react-ts", "vite.config.ts", True),  # tsconfig.node.json: the same
        ("template-vanilla-ts", "src/main.ts", True),
        ("template-vue-ts", "src/main.ts", None),  # extends @vue/tsconfig, not installed here
        ("template-react", "src/App.jsx", True),  # JavaScript
    ],
)
def test_create_vites_templates(
    create_vite: Path, template: str, path: str, runs: bool | None
) -> None:
    root = create_vite / template

    def read(rel: str) -> str | None:
        file = root / rel
        return file.read_text() if file.is_file() else None

    assert import_runs(path, read) is runs


@pytest.mark.parametrize(
    "text",
    ['"\\' * 30_000, '\\"' * 30_000, "/*" * 30_000, '"' * 60_000, "," + " " * 60_000,
     '"\\\n' * 20_000, "{" + '"a": "//x", ' * 5_000],
)  # fmt: skip
def test_a_hostile_tsconfig_is_read_in_linear_time(text: str) -> None:
    """Every position of these once started a scan to the end: seconds for 60 kB."""
    import signal

    def ring(signum: int, frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, ring)
    signal.alarm(5)
    try:
        assert import_runs("a.ts", reader({"tsconfig.json": text})) is None
    finally:
        signal.alarm(0)
