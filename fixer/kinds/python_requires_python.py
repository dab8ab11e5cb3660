"""``python.requires-python``: the job's Python is not one the project or a package supports.

- pip: ``ERROR: Package 'ledger' requires a different Python: 3.11.7 not in '>=3.12'``;
- uv: ``Because the current Python version (3.11.7) does not satisfy Python>=3.12 and
  ledger==0.3.0 depends on Python>=3.12, ...`` (also ``the requested Python version``), and
  ``The requested interpreter resolved to Python 3.11.7, which is incompatible with the
  project's Python requirement: `>=3.12```;
- Poetry: ``The currently activated Python version 3.11.7 is not supported by the project
  (>=3.12).`` and ``Current Python version (3.11.7) is not allowed by the project (>=3.12).``

Never fixed: whether the workflow's Python or the project's floor is wrong is the
maintainer's decision. The parser is hand-written: it reads a few fixed sentences.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.kinds.pip_resolution_impossible import joined, uv_sentence
from fixer.model import Evidence, Finding

PIP = re.compile(
    r"Package '(?P<package>[^']+)' requires a different Python: (?P<python>\S+) not in "
    r"'(?P<requires>[^']*)'"
)
UV_DERIVED = re.compile(
    r"the (?:current|requested) Python version \((?P<python>[^)]+)\) does not satisfy "
    r"Python(?P<requires>[^\s,]+(?:,[<>=!~][^\s,]+)*)(?: and (?P<package>[A-Za-z0-9][\w.-]*)"
    r"(?:==[^\s,]+)? depends on Python)?"
)
UV_INTERPRETER = re.compile(
    r"resolved to Python (?P<python>[^\s,]+), which is incompatible with the project's Python"
    r" requirement: `(?P<requires>[^`]+)`"
)
POETRY = re.compile(
    r"(?:The currently activated Python version (?P<python>\S+) is not supported|Current"
    r" Python version \((?P<python2>[^)]+)\) is not allowed) by the project \((?P<requires>[^)]+)\)"
)


class RequiresPythonParser(Parser):
    emits = frozenset({"python.requires-python"})
    rank = 22
    triggers = (
        b"requires a different Python",
        b"Python version (",
        b"incompatible with the project's Python requirement",
        b"is not supported by the project (",
        b"is not allowed by the project (",
    )

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        pip = PIP.search(text)
        if pip:
            self._report(hit, "pip", pip["python"], pip["requires"], pip["package"])
            return
        interpreter = UV_INTERPRETER.search(text)
        if interpreter and not text.startswith("warning:"):  # ``uv venv`` only warns
            self._report(hit, "uv", interpreter["python"], interpreter["requires"], None)
            return
        poetry = POETRY.search(text)
        if poetry:
            python = poetry["python"] or poetry["python2"]
            self._report(hit, "poetry", python.rstrip("."), poetry["requires"], None)
            return
        if "Python version (" in text and "Because" in text:
            self._uv(hit)

    def _uv(self, hit: Hit) -> None:
        # the derivation may wrap (uv before 0.12): read it with its continuation lines
        lines = [(hit.line, hit.text), *uv_sentence(hit)]
        derived = UV_DERIVED.search(joined(lines))
        if derived:
            evidence = tuple(hit.evidence(t.strip(), n) for n, t in lines[:3])
            self._report(
                hit, "uv", derived["python"], derived["requires"], derived["package"], evidence
            )

    def _report(
        self,
        hit: Hit,
        tool: str,
        python: str,
        requires: str,
        package: str | None,
        evidence: tuple[Evidence, ...] = (),
    ) -> None:
        details = {"python": python, "requires": requires}
        if package:
            details["package"] = package
        who = f"`{package}`" if package else "the project"
        hit.report(
            Finding(
                kind="python.requires-python",
                tool="pip" if tool == "pip" else ("uv" if tool == "uv" else "poetry"),
                message=f"Python {python} does not satisfy {who}'s Requires-Python {requires}",
                fix=(
                    f"Run the job on a Python that satisfies `{requires}` (setup-python's"
                    f" `python-version`, the matrix), or, if {python} is meant to be supported,"
                    f" lower {who}'s `requires-python`."
                ),
                details=details,
                evidence=evidence,
                ident=f"{package or ''}|{requires}",
            )
        )


class PythonRequiresPython(Kind):
    id = "python.requires-python"
    title = "A Python the project does not support"
    parser = RequiresPythonParser
    recognizes = (
        "pip `requires a different Python`, uv's `current Python version ... does not satisfy`"
        " and incompatible interpreter, Poetry's `not supported by the project`"
    )
    not_fixable = (
        "whether the workflow's Python or the project's `requires-python` is wrong is the"
        " maintainer's decision"
    )
