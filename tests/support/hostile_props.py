"""Hostile inputs made by hypothesis, and the properties fixer must keep on each.

Shared by the property-based tests (``tests/hostile/test_fuzz.py``, a modest number of
examples) and ``bench/hostile.py`` (``--n 10000``). Each ``*_problems`` function runs one
input through the real code path and returns what went wrong, empty when nothing did:

* a traceback or an internal error (exit 3), or an exit code outside 0, 1, 2;
* bad input (exit 2) said in more or less than one line;
* ``--json`` that is not valid JSON, any output that is not valid UTF-8;
* a planted secret in any output (text, JSON, markdown, stderr);
* for a codemod: a crash (anything but :class:`Skip`), an output that does not parse, or
  a *partial edit*: a changed line that is neither the finding's nor part of the
  module's import block.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import string
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import strategies as st

from fixer.cli import main
from fixer.codemods.base import Codemod, Skip
from fixer.model import CodemodContext, Finding
from fixer.redact import remember
from tests.support.hostile import CORRUPTIONS, good_zip

RUNNING_TOKEN = "RunningT0kenValue4fuzz"  # the running token's value, as fixer pr holds it
remember(RUNNING_TOKEN)
FORMATS = (["--json"], ["--format", "markdown"], [], ["--color", "always"])

_ALNUM = string.ascii_letters + string.digits


def _word(size: int) -> st.SearchStrategy[str]:
    return st.text(_ALNUM, min_size=size, max_size=size)


# ---- secrets, planted in the logs ---------------------------------------------------------


@st.composite
def secrets(draw: st.DrawFn) -> tuple[str, str]:
    """(the line that carries it, the secret) in one of the shapes the runner misses."""
    value = draw(_word(36))
    shape = draw(st.sampled_from(["ghp", "gho", "ghs", "pat", "url", "auth", "env", "running"]))
    if shape in ("ghp", "gho", "ghs"):
        secret = f"{shape}_{value}"
        return f"fatal: could not read from {secret} remote", secret
    if shape == "pat":
        secret = f"github_pat_{value}_{draw(_word(20))}"
        return f"using {secret} for the API", secret
    if shape == "url":
        return f"git fetch https://x-access-token:{value}@github.com/o/r.git", value
    if shape == "auth":
        scheme = draw(st.sampled_from(["token", "Bearer", "basic"]))
        return f"> Authorization: {scheme} {value}", value
    if shape == "env":
        name = draw(st.sampled_from(["GITHUB_TOKEN", "NPM_TOKEN", "MY_API_KEY", "DB_PASSWORD"]))
        return f"  {name}={value}", value
    return f"error: token {RUNNING_TOKEN} rejected", RUNNING_TOKEN


# What JSON escapes, what a terminal or a file name brings, beside a secret: a mask applied
# to serialized text once ate the backslash of a \" there. Never a word character (a
# secret glued to a word is not a secret's shape).
NEIGHBOURS = (
    '"',
    "\\",
    "'",
    "\t",
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "\u2028",
    "\U0001f600",
    "\ud800",
    "/",
)


@st.composite
def beside(draw: st.DrawFn, text: str) -> str:
    """``text`` with hostile characters glued to either end."""
    around = st.text(st.sampled_from(NEIGHBOURS), max_size=4)
    return draw(around) + text + draw(around)


@st.composite
def secrets_beside(draw: st.DrawFn) -> tuple[str, str]:
    """(a log line, the secret): a secret among quotes, backslashes, control and non-BMP
    characters, in a tool's message, a file's path, a step's command or a line of its own."""
    line, secret = draw(secrets())
    if draw(st.booleans()):  # the secret's shape alone, nothing around it but the neighbours
        at = line.find("Authorization")
        line = line[at:] if at >= 0 else next(w for w in line.split(" ") if secret in w)
    wrapped = draw(beside(line))
    where = draw(st.sampled_from(["message", "path", "command", "line"]))
    if where == "message":
        return f"app/m.py:3: error: Name {wrapped} is not defined  [name-defined]", secret
    if where == "path" and " " not in wrapped:
        return f"app/{wrapped}.py:1:8: F401 [*] `os` imported but unused", secret
    if where == "command":
        return f"##[group]Run {wrapped}\n##[endgroup]", secret
    return wrapped, secret


def json_mask_problems(texts: Sequence[str], planted: Sequence[str]) -> list[str]:
    """Each of ``texts`` as JSON strings, masked before serializing (what fixer's JSON
    writers do) and after it (what the stream mask does to everything printed): valid JSON
    whatever the serializer's escapes, and no planted secret in the masked document."""
    from fixer import redact

    problems = []
    doc = {"message": list(texts), **{f"key {i}": t for i, t in enumerate(texts)}}
    out = redact.dumps(doc)
    try:
        if json.loads(out) != redact.mask_tree(doc):
            problems.append("dumps: the document is not the masked document")
    except ValueError as exc:
        problems.append(f"dumps: invalid JSON: {exc}")
    leaked = [s for s in planted if s in out]
    if leaked:
        problems.append(f"dumps: secret in the output: {leaked[0][:6]}...")
    for ascii_only in (False, True):
        for separators in ((", ", ": "), (",", ":")):
            text = json.dumps(doc, ensure_ascii=ascii_only, separators=separators)
            try:
                json.loads(redact.mask(text))
            except ValueError as exc:
                problems.append(f"mask of json.dumps(ensure_ascii={ascii_only}): {exc}")
    return problems


# ---- fuzzed logs --------------------------------------------------------------------------

TOOL_LINES = (
    'app/m.py:3: error: Missing type parameters for generic type "dict"  [type-arg]',
    'app/m.py:7:5: error: Library stubs not installed for "yaml"  [import-untyped]',
    "app/m.py:1:8: F401 [*] `os` imported but unused",
    "ERROR: No matching distribution found for nosuchpkg>=1.0",
    "  3:10  error  'x' is defined but never used  no-unused-vars",
    "Package nosuch not found",
    "Traceback (most recent call last):",
    "../../../../etc/passwd:1: error: Name 'x' is not defined  [name-defined]",
    "/etc/shadow:2:1: F401 `sys` imported but unused",
    "-rf.py:1:1: F401 `os` imported but unused",
)
MARKERS = (
    "##[group]Run mypy app",
    "##[group]Run ruff check .",
    "##[endgroup]",
    "##[error]Process completed with exit code 1.",
    "##[error]The operation was canceled.",
    "##[error]",
    "##[warning]something",
    "Complete job name: build",
)


@st.composite
def log_lines(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["tool", "marker", "text", "bytes", "long", "secret"]))
    stamp = draw(st.sampled_from(["", "2024-01-01T00:00:00.0000000Z "]))
    if kind == "tool":
        return (stamp + draw(st.sampled_from(TOOL_LINES))).encode()
    if kind == "marker":
        return (stamp + draw(st.sampled_from(MARKERS))).encode()
    if kind == "text":
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "long":
        return draw(st.sampled_from([b"error ", b"x", b"\r", b"\x00", b"\xff"])) * draw(
            st.integers(1, 70_000)
        )
    line, _ = draw(secrets())
    return (stamp + line).encode()


@st.composite
def logs(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A job log of fuzzed lines, with the secrets planted in it."""
    planted = draw(st.lists(st.one_of(secrets(), secrets_beside()), max_size=3))
    lines = draw(st.lists(log_lines(), max_size=40))
    for line, _ in planted:
        lines.insert(draw(st.integers(0, len(lines))), line.encode("utf-8", "surrogatepass"))
    end = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    head = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return head + end.join(lines), [s for _, s in planted]


# ---- archives -----------------------------------------------------------------------------


@st.composite
def archives(draw: st.DrawFn) -> bytes:
    """A run's log archive: damaged as :data:`CORRUPTIONS` do, bytes flipped or cut, or
    with hostile member names."""
    how = draw(st.sampled_from(["corruption", "flips", "cut", "names"]))
    if how == "corruption":
        data = good_zip()
        CORRUPTIONS[draw(st.sampled_from(sorted(CORRUPTIONS)))](data)
        return bytes(data)
    if how in ("flips", "cut"):
        data = good_zip()
        if how == "cut":
            return bytes(data[: draw(st.integers(0, len(data)))])
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] ^= draw(st.integers(1, 255))
        return bytes(data)
    buf = io.BytesIO()
    names = draw(
        st.lists(
            st.sampled_from(
                [
                    "../../escape.txt",
                    "/abs/1_x.txt",
                    "C:/1_win.txt",
                    "1_build.txt",
                    "build/1_Set up job.txt",
                    "-rf/1_x.txt",
                    "a\\..\\1_b.txt",
                    "1_" + "x" * 300 + ".txt",
                ]
            ),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    with zipfile.ZipFile(buf, "w") as archive:
        for name in names:
            archive.writestr(name, b"##[error]Process completed with exit code 1.\n")
    return buf.getvalue()


# ---- the properties -----------------------------------------------------------------------


def run_cli(argv: Sequence[str]) -> tuple[int, str, str, bool]:
    """``fixer ARGV`` in this process: exit code, stdout, stderr, whether it raised.

    What is neither an :class:`Exception` nor :class:`SystemExit` (a time limit's signal,
    ``KeyboardInterrupt``) is the caller's and goes through."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code, raised = main(list(argv)), False
    except (SystemExit, Exception) as exc:  # SystemExit from argparse, or a real escape
        code, raised = (exc.code if isinstance(exc, SystemExit) else 3), True
        if isinstance(exc, SystemExit) and isinstance(exc.code, int):
            raised = False
    finally:
        sys.stdout, sys.stderr = saved
    return int(code or 0), out.getvalue(), err.getvalue(), raised


def output_problems(
    code: int, out: str, err: str, raised: bool, planted: Sequence[str], as_json: bool
) -> list[str]:
    problems = []
    if raised or code not in (0, 1, 2) or "Traceback" in err or "internal error" in err:
        problems.append(f"traceback or internal error (exit {code}): {err[-300:]!r}")
    if code == 2 and err.count("\n") != 1:
        problems.append(f"bad input said in {err.count(chr(10))} lines: {err[:300]!r}")
    try:
        (out + err).encode("utf-8")
    except UnicodeEncodeError:
        problems.append("output that is not valid UTF-8")
    if as_json and code in (0, 1):
        try:
            json.loads(out)
        except ValueError as exc:
            problems.append(f"invalid JSON: {exc}")
    leaked = [s for s in planted if s in out or s in err]
    if leaked:
        problems.append(f"secret in the output: {leaked[0][:6]}...")
    return problems


def diagnose_problems(source: Path, planted: Sequence[str] = ()) -> list[str]:
    """``fixer diagnose SOURCE`` in every format (text, in colour too)."""
    problems = []
    for fmt in FORMATS:
        code, out, err, raised = run_cli(["diagnose", str(source), *fmt])
        problems += output_problems(code, out, err, raised, planted, fmt == ["--json"])
    return problems


def codemod_problems(codemod: Codemod, source: str, finding: Finding) -> list[str]:
    """``codemod`` on ``source``: it skips, or gives code that parses and changes only
    the finding's line and the import block."""
    try:
        after = codemod.transform(source, (finding,), CodemodContext())
    except Skip:
        return []
    except Exception as exc:  # what a fuzzer is for
        return [f"{codemod.id} raised {type(exc).__name__}: {exc}"]
    if after == source:
        return []
    if _parses(source) and not _parses(after):
        return [f"{codemod.id} wrote code that does not parse"]
    allowed = {finding.line or 0} | _import_lines(source)
    before_lines = source.split("\n")
    changed = set()
    opcodes = difflib.SequenceMatcher(None, before_lines, after.split("\n"), autojunk=False)
    for op, i1, i2, _, _ in opcodes.get_opcodes():
        if op in ("replace", "delete"):
            changed |= set(range(i1 + 1, i2 + 1))
    outside = sorted(changed - allowed)
    return [f"{codemod.id} changed line {outside[0]} beyond its edit"] if outside else []


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def _import_lines(source: str) -> set[int]:
    """The lines of the module's top-level imports and docstring (where an import goes)."""
    lines: set[int] = set()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return lines
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ):
            lines |= set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


# ---- sources for the codemods ---------------------------------------------------------------

PROBE_GENERIC = "\n\ndef _fixer_probe() -> dict:\n    return {}\n"


def type_arg_case(source: str) -> tuple[str, Finding]:
    """``source`` with a bare ``dict`` appended, and mypy's finding on it."""
    text = source.rstrip("\n") + PROBE_GENERIC
    line = text.count("\n") - 1
    finding = Finding(
        kind="mypy.type-arg",
        tool="mypy",
        message='Missing type parameters for generic type "dict"',
        path="app/x.py",
        line=line,
        column=24,
        code="type-arg",
        details={"generic": "dict"},
    )
    return text, finding


def unused_import_case(source: str) -> tuple[str, Finding]:
    """``source`` with an unused ``import json`` first, and ruff's finding on it."""
    finding = Finding(
        kind="ruff.F401",
        tool="ruff",
        message="`json` imported but unused",
        path="app/x.py",
        line=1,
        column=8,
        code="F401",
        details={"name": "json"},
    )
    return "import json\n" + source, finding


# ---- log folders with hostile file names ----------------------------------------------------


@st.composite
def folders(draw: st.DrawFn) -> list[tuple[bytes, bytes]]:
    """A run's log folder: (file name, content) pairs, names that are not UTF-8, start
    with ``-``, hold newlines or spaces, or are long."""
    names = draw(
        st.lists(
            st.sampled_from(
                [
                    b"1_build.txt",
                    b"1_caf\xe9.txt",
                    b"2_\xff\xfe job.txt",
                    b"-rf.txt",
                    b"--json.log",
                    b"3_new\nline.txt",
                    b"4_" + b"y" * 200 + b".txt",
                    b"5_\xed\xa0\x80 surrogate.txt",
                ]
            ),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    return [(name, draw(logs())[0]) for name in names]


def write_folder(root: Path, files: list[tuple[bytes, bytes]]) -> Path:
    import os

    root.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (root / os.fsdecode(name)).write_bytes(data)
    return root
