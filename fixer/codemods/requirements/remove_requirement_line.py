"""Remove a project that the package index does not have from a requirements file.

The file is read the way pip reads it: physical lines joined at a trailing ``\\``
(a comment line ends the join), comments stripped at ``#`` after whitespace, and the
requirement split from its per-line options (``--hash=...``) at the first word that
starts with ``-``. A requirement whose PEP 503 name matches loses all its physical
lines, its comment and the indented ``# via ...`` lines pip-compile writes under it.
Option lines (``-r``, ``-c``, ``-e``, ``--index-url``, ...), paths, URLs, other
projects and comments on their own lines are left alone, and so are line endings.

A file that does not declare the project comes back unchanged (the app offers every
candidate file); findings whose index does list versions skip, as in
:mod:`fixer.codemods.toml.remove_requirement`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from fixer.codemods.base import Codemod, Example
from fixer.codemods.toml.remove_requirement import KIND, target_names
from fixer.model import CodemodContext, Finding, Safety
from fixer.requirements import is_requirements_file

COMMENT = re.compile(r"(^|\s+)#.*$")  # pip's COMMENT_RE
ANNOTATION = re.compile(r"^\s+#")  # pip-compile's indented "# via" lines


def _missing(requirement: str) -> Finding:
    name = canonicalize_name(Requirement(requirement).name)
    details = {"name": name, "requirement": requirement}
    message = f"No matching distribution found for {requirement}"
    return Finding(kind=KIND, tool="pip", message=message, details=details)


_STUBS = _missing("types-prometheus-client>=0.19.0")


class RemoveRequirementLine(Codemod):
    id: ClassVar[str] = "remove_requirement_line"
    language = "requirements"
    safety: ClassVar[Safety] = Safety.REVIEW
    examples: ClassVar[tuple[Example, ...]] = (
        Example(
            "plain-line-with-comment-crlf",
            "fastapi>=0.110\r\ntypes-prometheus-client>=0.19.0  # stubs\r\nmypy\r\n",
            "fastapi>=0.110\r\nmypy\r\n",
            (_STUBS,),
            path="requirements-dev.txt",
        ),
        Example(
            "hashes-on-continuation-lines",
            "httpx==0.27.0 \\\n    --hash=sha256:aa\n"
            "types-prometheus-client==0.20.0 \\\n    --hash=sha256:bb \\\n    --hash=sha256:cc\n"
            "    # via -r requirements.in\nrich==13.7.1\n",
            "httpx==0.27.0 \\\n    --hash=sha256:aa\nrich==13.7.1\n",
            (_STUBS,),
            path="requirements.txt",
        ),
        Example(
            "normalized-name-with-marker",
            "# typing\nTypes_Prometheus.Client[x]>=0.19; python_version >= '3.11'\n-r base.txt\n",
            "# typing\n-r base.txt\n",
            (_STUBS,),
            path="requirements/dev.in",
        ),
        Example(
            "options-and-other-projects-stay",
            "-c constraints.txt\n-e ./libs/types-prometheus-client\n"
            "types-prometheus-client-extra==1.0\n./wheels/types_prometheus_client-1.0.whl\n",
            "-c constraints.txt\n-e ./libs/types-prometheus-client\n"
            "types-prometheus-client-extra==1.0\n./wheels/types_prometheus_client-1.0.whl\n",
            (_STUBS,),
            path="requirements.txt",
        ),
        Example(
            "direct-reference-no-final-newline",
            "rich\ntypes-prometheus-client @ https://example.org/t-0.19.tar.gz",
            "rich\n",
            (_STUBS,),
            path="requirements.txt",
        ),
        Example(
            "index-has-other-versions",
            "types-prometheus-client>=99\n",
            "types-prometheus-client>=99\n",
            (
                Finding(
                    kind=KIND,
                    tool="pip",
                    message="No matching distribution found for types-prometheus-client>=99",
                    details={"name": "types-prometheus-client", "versions": "0.19.0, 0.20.0"},
                ),
            ),
            path="requirements.txt",
            skip=True,
        ),
    )

    def applies_to(self, path: str) -> bool:
        return is_requirements_file(path)

    def transform(self, text: str, findings: Sequence[Finding], ctx: CodemodContext) -> str:
        names = set(target_names(findings))
        lines = text.splitlines(keepends=True)
        doomed: set[int] = set()
        for start, end, logical in logical_lines(lines):
            if declared_name(logical) in names:
                doomed.update(range(start, end))
                while end < len(lines) and ANNOTATION.match(lines[end]):
                    doomed.add(end)
                    end += 1
        if not doomed:
            return text
        return "".join(line for i, line in enumerate(lines) if i not in doomed)


def logical_lines(lines: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """``(first, stop, text)`` for each line pip reads, as pip's ``join_lines`` joins them."""
    start = 0
    parts: list[str] = []
    for index, raw in enumerate(lines):
        line = raw.splitlines()[0] if raw.splitlines() else ""
        comment = COMMENT.match(line) is not None
        if line.endswith("\\") and not comment:
            if not parts:
                start = index
            parts.append(line.strip("\\"))
            continue
        if parts:
            yield start, index + 1, "".join([*parts, " " + line if comment else line])
            parts = []
        else:
            yield index, index + 1, line
    if parts:
        yield start, len(lines), "".join(parts)


def declared_name(logical: str) -> str | None:
    """The normalized project a requirement line declares (None for options, paths, URLs)."""
    line = COMMENT.sub("", logical).strip()
    if not line or line.startswith("-"):
        return None
    words: list[str] = []
    for word in line.split(" "):
        if word.startswith("-"):
            break
        words.append(word)
    try:
        return canonicalize_name(Requirement(" ".join(words)).name)
    except InvalidRequirement:
        return None
