"""Turn one raw line of a GitHub Actions log into the text a tool printed.

GitHub prefixes every line with an RFC 3339 timestamp (``2025-12-23T18:56:42.8864463Z ``),
the first line of each file with a UTF-8 BOM, and keeps the tools' ANSI colour
escapes (mypy's ``color_output`` also prints curses' ``ESC ( B``). Logs can also hold
NUL bytes and bytes that are not UTF-8. Normalizing is done only on the lines fixer
keeps, never on the whole log.
"""

from __future__ import annotations

import re

from fixer.contract import Command

BOM = b"\xef\xbb\xbf"
_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?")
# what normalize() drops at the start of each line of a block, after its newline (a
# pattern that starts with a literal is searched for that literal first, fast)
_LINE_HEAD = re.compile(
    rb"\n(?:\xef\xbb\xbf(?:" + _TIMESTAMP.pattern + rb")?|" + _TIMESTAMP.pattern + rb")"
)
# CSI sequences, charset designations (``ESC ( B``, as curses' sgr0 prints) and 2-byte ones
_ANSI = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[()*+][ -~]|[@-Z\\-_])")
_CONTROL = str.maketrans({"\x00": " ", "\r": None})

GROUP_RUN = "##[group]Run "
ENDGROUP = "##[endgroup]"


def normalize(raw: bytes) -> str:
    """The text of one raw log line: no BOM, timestamp, ANSI escapes, NULs or line end."""
    if raw.startswith(BOM):
        raw = raw[3:]
    match = _TIMESTAMP.match(raw)
    if match:
        raw = raw[match.end() :]
    text = raw.decode("utf-8", "replace").rstrip("\n")
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "\x00" in text or "\r" in text:
        text = text.translate(_CONTROL)
    return text


def normalize_lines(raw: bytes) -> list[str]:
    """``[normalize(line) for line in raw.split(b"\\n")]``, done on the whole block at once
    (one regular-expression pass, one decoding) rather than line by line."""
    if b"\xef" in raw or b"Z" in raw:
        raw = _LINE_HEAD.sub(b"\n", b"\n" + raw)[1:]
    text = raw.decode("utf-8", "replace")
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if "\x00" in text or "\r" in text:
        text = text.translate(_CONTROL)
    return text.split("\n")


def parse_group(lines: list[str]) -> Command:
    """Parse the normalized lines of a ``##[group]Run ...`` block, the header included.

    The runner echoes each line of the script (in cyan, already stripped here), then
    ``shell: ...``, then ``env:`` with indented ``KEY: value`` pairs; for an action it
    prints ``with:`` and the inputs instead.
    """
    head = lines[0][len(GROUP_RUN) :] if lines and lines[0].startswith(GROUP_RUN) else ""
    body = lines[1:]
    script: list[str] = []
    cmd = Command(script=head)
    section = "script"
    for line in body:
        if line.startswith("shell: "):
            cmd.shell = line[len("shell: ") :]
            section = "shell"
        elif line in ("env:", "with:"):
            section = line[:-1]
            cmd.uses = cmd.uses or (section == "with" and not script)
        elif section == "env" and line.startswith("  ") and ": " in line:
            key, _, value = line.strip().partition(": ")
            cmd.env[key] = value
        elif section == "script":
            script.append(line)
    if script:
        cmd.script = "\n".join(script)
    return cmd
