"""``prettier.format``: a file ``prettier --check`` would reformat (``[warn] src/a.jsx``).

prettier 2.x and 3.x list each file under ``Checking formatting...`` as ``[warn] path``
(3.6 and later colour the tag under GitHub Actions), then a summary that is no file:
``[warn] Code style issues found in 2 files. Run Prettier with --write to fix.``
(``... in the above file. Forgot to run Prettier?`` in 2.x). The step may run prettier
itself (``prettier --check .``, ``npx prettier@3.3.3 --check src``) or through a package
script (``npm run format:check``, ``yarn format:check``, ``pnpm run format:check``), whose
text is read from the ``package.json`` of the step's folder (:meth:`PrettierFormat.locate`)
so that the fix and its proof take the script's own arguments.

The fix is the project's prettier (the version its lock file pins, or the one the command
names, installed apart with npm: :mod:`fixer.forge.npmtools`) printing the file as
``prettier --write`` would write it (``--stdin-filepath``: the same configuration,
``.prettierignore`` and plugins, resolved from the file's place, without writing
anything), run from the step's folder; the proof is the CI's check re-run.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from fixer.contract import Hit
from fixer.diagnose.toolversions import TRIGGERS
from fixer.kinds._node import script_text, scripts_of
from fixer.kinds._tool import Reported, ToolKind, ToolParser
from fixer.model import Finding
from fixer.shellcmd import SHELL_OPS, lines_tokens

if TYPE_CHECKING:
    from fixer.diagnose.paths import RepoIndex

ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARN = re.compile(r"^\[warn\] (?P<path>[^\s\"'{\[(].*?\.[A-Za-z0-9]+)\s*$")
CHECKING = "Checking formatting..."
PINNED = re.compile(r"(?:^|[\s/])prettier@(?P<version>\d+\.\d+\.\d+(?:-[\w.]+)?)(?=\s|$)")


def warned_path(text: str) -> str | None:
    """The file a ``[warn] path`` line of ``prettier --check`` names (not its summary)."""
    match = WARN.match(ANSI.sub("", text))
    if match is None or match.group("path").startswith("Code style issues"):
        return None
    return match.group("path")


class PrettierParser(ToolParser):
    tool = "prettier"
    emits = frozenset({"prettier.format"})
    rank = 55
    triggers = (b"[warn] ", b"warn\x1b[39m] ", CHECKING.encode(), *TRIGGERS)

    def __init__(self) -> None:
        super().__init__()
        self._checking: set[int] = set()  # the segments where prettier checked formatting

    def read(self, hit: Hit, text: str) -> None:
        if text.strip() == CHECKING:
            self._checking.add(hit.segment)
            return
        path = warned_path(text) if hit.segment in self._checking else None
        if path is None:
            return
        script = hit.command.script if hit.command else ""
        pinned = PINNED.search(script)
        details = {"tool_version": pinned.group("version")} if pinned else {}
        hit.report(
            Finding(
                kind="prettier.format",
                tool="prettier",
                message="prettier --check would reformat this file",
                path=path,
                raw_path=path,
                fix="Run the project's prettier --write on the file.",
                ident="format",
                details=details,
            )
        )


def prettier_args(command: str | None) -> list[str] | None:
    """The arguments of the first call of prettier in ``command`` (``prettier``,
    ``npx prettier@3.3.3``, ``node_modules/.bin/prettier``); None without one."""
    for tokens in lines_tokens(command):
        for i, token in enumerate(tokens):
            name = posixpath.basename(token).split("@", 1)[0]
            if name in ("prettier", "prettier.cjs", "prettier.js", "bin-prettier.js"):
                args: list[str] = []
                for arg in tokens[i + 1 :]:
                    if arg in SHELL_OPS:
                        break
                    args.append(arg)
                return args
    return None


def script_of(command: str | None, manifest: str) -> str | None:
    """The text of the package script ``command`` runs, from ``manifest`` (a package.json),
    following scripts that run other scripts; None when it runs none that calls prettier."""
    return script_text(command, lambda text: prettier_args(text) is not None, scripts_of(manifest))


class PrettierFormat(ToolKind):
    id = "prettier.format"
    title = "File not formatted by prettier"
    parser = PrettierParser
    recognizes = (
        "`prettier --check` (2.x and 3.x, run directly, with `npx` or through a package"
        " script such as `npm run format:check`): each `[warn] src/a.jsx` line, one finding"
        " per file"
    )
    change = (
        "the file as the project's prettier writes it (its version from the lock file or"
        " `npx prettier@X`, installed with `npm ci --ignore-scripts`), with the project's"
        " configuration, ignore file and plugins and the command's options, from the step's"
        " directory; only the files the log names"
    )
    codemods = ("fixer.codemods.js.prettier_output:PrettierOutput",)
    tool = "prettier"
    topic = "style"
    check_flags = ("--check", "-c")
    valued = frozenset(
        {
            "--config",
            "--plugin",
            "--parser",
            "--print-width",
            "--tab-width",
            "--trailing-comma",
            "--end-of-line",
            "--quote-props",
            "--arrow-parens",
            "--prose-wrap",
            "--html-whitespace-sensitivity",
            "--embedded-language-formatting",
            "--object-wrap",
            "--experimental-operator-position",
            "--config-precedence",
            "--ignore-path",
        }
    )
    flags = frozenset(
        {
            "--no-config",
            "--no-editorconfig",
            "--single-quote",
            "--jsx-single-quote",
            "--no-semi",
            "--use-tabs",
            "--no-bracket-spacing",
            "--bracket-same-line",
            "--jsx-bracket-same-line",
            "--single-attribute-per-line",
            "--vue-indent-script-and-style",
            "--experimental-ternaries",
            "--with-node-modules",
        }
    )
    # options that write beside the project (prettier's cache is in node_modules/.cache)
    dropped = frozenset({"--cache", "--cache-location", "--cache-strategy", "--write", "-w"})

    def ci_command(self, finding: Finding) -> str | None:
        return finding.details.get("script") or finding.command

    def check_args(self, command: str | None) -> list[str] | None:
        args = prettier_args(command)
        if args is None or not any(flag in args for flag in self.check_flags):
            return None
        kept: list[str] = []
        skip = False
        for arg in args:
            option = arg.split("=", 1)[0]
            if skip:
                skip = False
            elif option in self.dropped:
                skip = option in ("--cache-location", "--cache-strategy") and "=" not in arg
            else:
                kept.append(arg)
        return kept

    def fix_args(self, findings: Sequence[Finding], name: str) -> list[str]:
        command = self.ci_command(findings[0]) if findings else None
        return [*self.config_args(command), "--stdin-filepath", name]

    def reported(self, lines: Iterable[str]) -> Reported:
        return Counter((p, "", "") for line in lines if (p := warned_path(line)) is not None)

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """The package script the step ran, when prettier runs through one; and the
        ``cd`` folder of the command as the step's folder when the workflow names none."""
        workdir = finding.workdir
        if workdir is None and dirs and dirs[0]:
            workdir = dirs[0]
        details = dict(finding.details)
        if prettier_args(finding.command) is None:
            for folder in dirs:
                path = posixpath.join(folder, "package.json") if folder else "package.json"
                manifest = index.read(path) if path in index.files else None
                script = script_of(finding.command, manifest) if manifest else None
                if script is not None:
                    details["script"] = script
                    pinned = PINNED.search(script)
                    if pinned and "tool_version" not in details:
                        details["tool_version"] = pinned.group("version")
                    workdir = workdir if workdir is not None else folder
                    break
        if details == finding.details and workdir == finding.workdir:
            return finding
        return replace(finding, details=details, workdir=workdir)
