"""How a CI step ran a Node tool (ESLint, tsc), read from its command. Pure.

A step calls the tool directly (``npx eslint src``, ``node_modules/.bin/tsc --noEmit``)
or through a script of the package (``npm run lint``, ``npm run-script lint``, ``yarn
lint``, ``pnpm run lint``, with arguments after ``--`` added, as npm adds them): the
script's own text (``package.json``'s ``scripts``) is then read the same way. The
re-run keeps the step's arguments, less those that would write files, change the output
form or stop at the first warnings' count, and prints the form fixer reads (ESLint's
``--format json``, tsc's ``--pretty false``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from fixer.shellcmd import SHELL_OPS, lines_tokens, tool_args

RUNNERS = {"npm": ("run", "run-script"), "pnpm": ("run",), "yarn": ("run",)}
DEPTH = 3  # scripts calling scripts

# ESLint options dropped from the re-run: (flags, options with a value)
ESLINT_DROPPED = (
    frozenset({"--fix", "--fix-dry-run", "--cache", "--color", "--no-color", "--debug"}),
    frozenset(
        {"--fix-type", "--format", "-f", "--output-file", "-o", "--max-warnings",
         "--cache-location", "--cache-strategy"}
    ),
)  # fmt: skip
TSC_DROPPED = (
    frozenset({"--watch", "-w", "--pretty", "--listFiles", "--listEmittedFiles"}),
    frozenset({"--generateTrace"}),
)


def scripts_of(package_json: str | None) -> dict[str, str]:
    """The ``scripts`` of a ``package.json`` text (empty when there are none)."""
    try:
        data = json.loads(package_json or "")
    except ValueError:
        return {}
    scripts = data.get("scripts") if isinstance(data, dict) else None
    if not isinstance(scripts, dict):
        return {}
    return {k: v for k, v in scripts.items() if isinstance(k, str) and isinstance(v, str)}


def ci_args(
    command: str | None, tool: str, scripts: Mapping[str, str], depth: int = 0
) -> list[str] | None:
    """The arguments ``command`` gave ``tool`` (the binary: ``eslint``, ``tsc``), directly
    or through a package script; None when it does not run the tool."""
    direct = tool_args(command, tool)
    if direct is not None or depth >= DEPTH:
        return direct
    for tokens in lines_tokens(command):
        for i, token in enumerate(tokens):
            name, extra = _script_call(token, tokens[i + 1 :], scripts)
            if name is None:
                continue
            inner = ci_args(scripts[name], tool, scripts, depth + 1)
            if inner is not None:
                return [*inner, *extra]
    return None


def script_text(
    command: str | None, calls: Callable[[str], bool], scripts: Mapping[str, str], depth: int = 0
) -> str | None:
    """The text that calls the tool (``calls`` tells): ``command`` itself, or the package
    script it runs (following scripts that run scripts); None when none does."""
    if command is not None and calls(command):
        return command
    if depth >= DEPTH:
        return None
    for tokens in lines_tokens(command):
        for i, token in enumerate(tokens):
            name, _ = _script_call(token, tokens[i + 1 :], scripts)
            if name is not None:
                found = script_text(scripts[name], calls, scripts, depth + 1)
                if found is not None:
                    return found
    return None


def _script_call(
    token: str, rest: list[str], scripts: Mapping[str, str]
) -> tuple[str | None, list[str]]:
    """(the script ``npm run NAME`` and the like call, its extra arguments)."""
    runner = token.rsplit("/", 1)[-1]
    if runner not in RUNNERS:
        return None, []
    words = []
    for word in rest:
        if word in SHELL_OPS:
            break
        words.append(word)
    if words[:1] and words[0] in RUNNERS[runner]:
        words = words[1:]
        while words[:1] and words[0].startswith("-") and words[0] != "--":
            words = words[1:]  # the runner's own flags: `npm run --silent lint`
    elif runner == "npm" and words[:1] != ["test"]:
        return None, []  # only `npm run X` (and `npm test`) run a script
    if not words or words[0] not in scripts:
        return None, []
    name, extra = words[0], words[1:]
    if extra[:1] == ["--"]:
        extra = extra[1:]
    elif runner == "npm":
        extra = []  # npm passes on only what follows `--`
    return name, extra


def cleaned(args: list[str], dropped: tuple[frozenset[str], frozenset[str]]) -> list[str]:
    """``args`` less the ``dropped`` flags and valued options (``--x v`` and ``--x=v``)."""
    flags, valued = dropped
    kept: list[str] = []
    skip = False
    for token in args:
        if skip:
            skip = False
            continue
        option = token.split("=", 1)[0]
        if token in flags or (option in flags and "=" in token):
            continue
        if option in valued:
            skip = "=" not in token
            continue
        kept.append(token)
    return kept


def option_value(args: list[str], *names: str) -> str:
    """The value of the first of ``names`` in ``args`` ("" when absent)."""
    for i, token in enumerate(args):
        option, sep, value = token.partition("=")
        if option in names:
            if sep:
                return value
            if i + 1 < len(args):
                return args[i + 1]
    return ""
