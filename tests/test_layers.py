"""The layers of ``fixer/`` only point down, and the pure layers do no I/O.

Every import of every module is read with ``ast`` (function-level and ``TYPE_CHECKING``
imports too) and checked against :data:`LAYERS`: a module may import its own layer and
the layers below, never one above. The pure modules (the model, the scan contract, the
parsers, the codemods, the reports) import nothing that reaches a process, the network,
git or GitHub, and call no file I/O. A module that no layer claims fails the test: a new
module is placed in the table below with the layer it belongs to.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import fixer

ROOT = Path(fixer.__file__).parent

# Lowest first. A name claims the module of that name and every module below it; the
# longest name that matches wins. The package-index client and the repository listing
# (forge) sit below planning and verification, which both use them.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "ground",
        (
            "fixer",
            "fixer.model",
            "fixer.errors",
            "fixer.contract",
            "fixer.requirements",
            "fixer.jsparse",
            "fixer.proc",
            "fixer.progress",
            "fixer.redact",
            "fixer.shellcmd",
            "fixer.vault",
        ),
    ),
    ("logs", ("fixer.logs",)),
    ("codemods", ("fixer.codemods",)),
    # a kind names its parser and its codemods; diagnosis asks the kinds what is fixable
    ("diagnose", ("fixer.diagnose", "fixer.kinds")),
    ("forge", ("fixer.forge", "fixer.repo")),
    (
        "plan",
        (
            "fixer.fix.plan",
            "fixer.fix.apply",
            "fixer.fix.facts",
            "fixer.fix.floor",
            "fixer.fix.tool_config",
            "fixer.snapshot",  # the project's configuration, read once: what planning uses
            "fixer.fix.project_index",
            "fixer.fix.import_uses",
            "fixer.fix.fixture_uses",
        ),
    ),
    ("verify", ("fixer.verify",)),
    ("engine", ("fixer.fix",)),
    ("report", ("fixer.report",)),
    ("app", ("fixer.app", "fixer.cli", "fixer.crash", "fixer.demo", "fixer.pr", "fixer.__main__")),
)

PURE = (
    "fixer.model",
    "fixer.contract",
    "fixer.requirements",
    "fixer.jsparse",
    "fixer.logs.normalize",
    "fixer.diagnose",
    "fixer.kinds",
    "fixer.codemods",
    "fixer.report",
)
# What a pure module may not import: processes, sockets, HTTP, git, GitHub, temporary files
# (``urllib.parse`` is pure and allowed)
NO_IO = (
    "subprocess",
    "socket",
    "ssl",
    "urllib.request",
    "http.client",
    "http.server",
    "ftplib",
    "smtplib",
    "requests",
    "asyncio",
    "multiprocessing",
    "shutil",
    "tempfile",
    "git",
    "github",
    "fixer.proc",
    "fixer.forge",
    "fixer.repo",
    "fixer.logs.sources",
)
# Calls that read or write files (``open()``, and pathlib's ways of doing it)
FILE_CALLS = frozenset(
    {
        "read_text",
        "write_text",
        "read_bytes",
        "write_bytes",
        "unlink",
        "mkdir",
        "rmdir",
        "touch",
        "iterdir",
        "rglob",
        "symlink_to",
    }
)
# Imports the layer order allows but the design does not, with the reason
NOT_ALLOWED: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "fixer.verify",
        "fixer.codemods",
        (),
        "verification judges a change with the tools and parsers, not with the codemod",
    ),
    (
        "fixer.fix",
        "fixer.codemods",
        ("fixer.codemods.base", "fixer.codemods.python._import_uses"),
        "the engine and planning reach codemods through the kinds (fixer.kinds)",
    ),
)


def module_files() -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names[name] = path
    return names


MODULES = module_files()


def imports(source: str, name: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in ``source``, at any depth."""
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield node.lineno, sub if sub in MODULES or not node.module else base


def file_calls(source: str) -> Iterator[tuple[int, str]]:
    """(line, call) for every ``open(...)`` or pathlib file call in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            yield node.lineno, "open()"
        elif isinstance(func, ast.Attribute) and func.attr in FILE_CALLS | {"open"}:
            yield node.lineno, f".{func.attr}()"


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_of(name: str) -> int | None:
    claims = [
        (len(prefix), index)
        for index, (_, prefixes) in enumerate(LAYERS)
        for prefix in prefixes
        if under(name, prefix) and not (prefix == "fixer" and name != "fixer")
    ]
    return max(claims)[1] if claims else None


def own_imports() -> Iterator[tuple[str, int, str]]:
    for name, path in MODULES.items():
        for line, target in imports(path.read_text(), name, path.name == "__init__.py"):
            yield name, line, target


def test_every_module_has_a_layer() -> None:
    homeless = [name for name in MODULES if layer_of(name) is None]
    assert not homeless, f"place these modules in a layer of tests/test_layers.py: {homeless}"


def test_imports_point_down() -> None:
    upward = []
    for name, line, target in own_imports():
        if not under(target, "fixer"):
            continue
        mine, theirs = layer_of(name), layer_of(target)
        if mine is not None and theirs is not None and theirs > mine:
            upward.append(
                f"{MODULES[name].relative_to(ROOT.parent)}:{line} ({LAYERS[mine][0]}) "
                f"imports {target} ({LAYERS[theirs][0]})"
            )
    assert not upward, "imports that point up:\n" + "\n".join(upward)


def test_imports_the_design_rules_out() -> None:
    wrong = []
    for name, line, target in own_imports():
        for importer, imported, allowed, why in NOT_ALLOWED:
            if under(name, importer) and under(target, imported) and target not in allowed:
                wrong.append(f"{MODULES[name].relative_to(ROOT.parent)}:{line} {target}: {why}")
    assert not wrong, "\n".join(wrong)


# Who may start a process without fixer.proc.run (which strips credentials from the
# environment and turns a missing program or a timeout into a ToolError)
SUBPROCESS = {
    "fixer.proc": "the one runner",
    "fixer.forge.gitcmd": "git with bytes on stdin and secrets scrubbed from its errors",
    "fixer.verify.mypy": "a mypy that is started early and waited for later (Popen)",
    "fixer.verify.mypy_process": "mypy's interpreter, started before there is a tree to check",
    "fixer.verify.ruff": "ruff reads the changed text on stdin",
}


def test_processes_start_through_proc() -> None:
    bare = [
        f"{MODULES[name].relative_to(ROOT.parent)}:{line}"
        for name, line, target in own_imports()
        if under(target, "subprocess") and name not in SUBPROCESS
    ]
    assert not bare, "use fixer.proc.run, not subprocess: " + ", ".join(bare)


def pure_modules() -> list[str]:
    return [name for name in MODULES if any(under(name, p) for p in PURE)]


def test_pure_layers_import_no_io() -> None:
    pure = set(pure_modules())
    assert len(pure) > 40  # the parsers, codemods and reports are all found
    found = []
    for name, line, target in own_imports():
        if name in pure and any(under(target, bad) for bad in NO_IO):
            found.append(f"{MODULES[name].relative_to(ROOT.parent)}:{line} imports {target}")
    assert not found, "I/O in a pure layer:\n" + "\n".join(found)


def test_pure_layers_touch_no_files() -> None:
    found = [
        f"{MODULES[name].relative_to(ROOT.parent)}:{line} calls {call}"
        for name in pure_modules()
        for line, call in file_calls(MODULES[name].read_text())
    ]
    assert not found, "file I/O in a pure layer:\n" + "\n".join(found)


PLANTED = """
from __future__ import annotations
from . import sibling
from ..logs import scan

def later() -> None:
    import subprocess
    from fixer.forge.git import Worktree
    with open("x") as f:
        pass
    Path("y").write_text("z")
"""


@pytest.mark.parametrize(
    "wanted",
    [
        (3, "fixer.codemods.sibling"),
        (4, "fixer.logs.scan"),
        (7, "subprocess"),
        (8, "fixer.forge.git"),
    ],
    ids=["relative", "relative-parent", "function-level", "function-level-from"],
)
def test_the_reader_sees_every_import(wanted: tuple[int, str]) -> None:
    assert wanted in set(imports(PLANTED, "fixer.codemods.planted"))


def test_the_reader_sees_file_calls() -> None:
    assert sorted(file_calls(PLANTED)) == [(9, "open()"), (11, ".write_text()")]
    assert layer_of("fixer.codemods.planted") == 2
    assert layer_of("fixer.fix.engine") == 7 and layer_of("fixer.fix.plan") == 5
