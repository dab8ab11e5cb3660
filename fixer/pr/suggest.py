"""A verified fix as GitHub suggested changes: one review comment per hunk of the patch, on
the exact lines of the pull request's head it replaces, whose ```` ```suggestion ````
block a maintainer applies with "Commit suggestion".

Pure: the patch in, the comments out. The patch is git's own (``git diff --binary``
between the pull request's head and fixer's commit), so its shape is known and a small
reader suffices (hand-written: no diff library is a dependency, and this reader needs
only git's unified hunks). A patch that a suggestion cannot carry (a new, deleted,
renamed or binary file, a mode change, a missing final newline, more than
:data:`MAX_SUGGESTIONS` hunks) gives None: the fix goes by pull request or comment.

Each comment spans the head's lines from the hunk's first change to its last (context
lines dropped around them), so it sits as close as it can to what changes; a pure
insertion is anchored on the line before it (or after it, at the top of a file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SUGGESTIONS = 10  # more hunks than this: a fix pull request reviews better
_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_UNSUGGESTIBLE = (
    "new file mode",
    "deleted file mode",
    "old mode",
    "new mode",
    "rename from",
    "copy from",
    "similarity index",
    "Binary files",
    "GIT binary patch",
    "\\ No newline at end of file",
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    path: str
    start_line: int  # the head's first line replaced
    line: int  # its last (equal to start_line for one line)
    replacement: tuple[str, ...]  # the lines that replace them (none: they are deleted)

    @property
    def body(self) -> str:
        """The comment: the suggestion block (its fence longer than any in the code)."""
        longest = max(
            (len(m) for r in self.replacement for m in re.findall(r"`{3,}", r)), default=2
        )
        fence = "`" * max(3, longest + 1)
        return "\n".join([f"{fence}suggestion", *self.replacement, fence])


def suggestions(patch: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion] | None:
    """The suggested changes that make up ``patch``; None when it cannot be said so."""
    found: list[Suggestion] = []
    for section in re.split(r"(?m)^(?=diff --git )", patch):
        if not section.startswith("diff --git "):
            if section.strip():
                return None  # text before the first file: not git's patch
            continue
        lines = section.splitlines()
        if any(line.startswith(_UNSUGGESTIBLE) for line in lines):
            return None
        path = next((line[6:] for line in lines if line.startswith("+++ b/")), None)
        if path is None:
            return None  # a file with no hunk (a mode change alone)
        starts = [i for i, line in enumerate(lines) if line.startswith("@@ ")]
        for n, at in enumerate(starts):
            body = lines[at + 1 : starts[n + 1] if n + 1 < len(starts) else len(lines)]
            made = _hunk(path, lines[at], body)
            if made is None:
                return None
            found.append(made)
            if len(found) > limit:
                return None
    return found or None


def _hunk(path: str, header: str, body: list[str]) -> Suggestion | None:
    match = _HUNK.match(header)
    if match is None:
        return None
    old = int(match[1])
    tagged: list[tuple[str, str, int | None]] = []  # (tag, text, the head's line number)
    for line in body:
        tag, text = line[:1], line[1:]
        if tag not in (" ", "-", "+"):
            return None
        tagged.append((tag, text, old if tag in (" ", "-") else None))
        old += tag in (" ", "-")
    changed = [i for i, (tag, _, _) in enumerate(tagged) if tag != " "]
    if not changed:
        return None
    first, last = changed[0], changed[-1]
    if all(tagged[i][0] == "+" for i in range(first, last + 1)):  # an insertion: anchor it
        if first > 0:
            first -= 1
        elif last + 1 < len(tagged):
            last += 1
        else:
            return None
    span = tagged[first : last + 1]
    numbers = [n for _, _, n in span if n is not None]
    replacement = tuple(text for tag, text, _ in span if tag in (" ", "+"))
    return Suggestion(path, numbers[0], numbers[-1], replacement)
