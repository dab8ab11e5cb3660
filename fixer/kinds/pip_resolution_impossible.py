"""``pip.resolution-impossible``: requirements that cannot all be satisfied together.

- pip: ``ERROR: Cannot install A and B because these package versions have conflicting
  dependencies.``, then ``The conflict is caused by:`` and one line per cause
  (``The user requested urllib3==1.20``, ``requests 2.31.0 depends on urllib3<3 and
  >=1.21.1``), then ``ERROR: ResolutionImpossible: ...``;
- uv: ``error: No solution found when resolving dependencies`` (a boxed ``No solution ...:``
  before 0.12), then the derivation: ``Because requests==2.31.0 depends on urllib3>=1.21.1,<3
  and you require requests==2.31.0, we can conclude that you require urllib3>=1.21.1,<3.
  And because you require urllib3==1.20, ...``. The pin is the user's requirement the
  derivation ends on (``you require X`` / ``your project depends on X``, never one that is
  concluded). A derivation that says a package is missing is
  ``pip.no-matching-distribution``'s, one about the Python version
  ``python.requires-python``'s;
- Poetry (1.x and 2.x alike): the derivation after ``Resolving dependencies...``, ending
  ``So, because backend depends on both orders-sdk (^2.1) and billing-sdk (^1.4), version
  solving failed.``, its lines ``Because billing-sdk (1.4.0) depends on ledger-schemas
  (>=1.8,<2)`` / ``And because orders-sdk (2.1.0) depends on ledger-schemas (>=2)`` naming
  what each asks of the package they share; under ``-vv`` indented under
  ``SolverProblemError`` (and once more under ``SolveFailure``: the same cause). The pins are
  the project's own requirements the last sentence names; one that ``doesn't match any
  versions`` is ``pip.no-matching-distribution``'s.

Never fixed: which pin to move is the maintainer's decision. The parser is hand-written:
it reads a few fixed sentences, which no library parses from a log.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Evidence, Finding
from fixer.requirements import canonical

CONFLICT_HEAD = "The conflict is caused by:"
CANNOT_INSTALL = re.compile(
    r"Cannot install (?P<what>(?:(?!Cannot install ).)+?) because these package versions"
)
PIP_CAUSE = re.compile(
    r"^\s+(?:The user requested (?P<user>\S(?:.*\S)?)|(?P<pkg>[A-Za-z0-9][\w.-]*) (?P<ver>\S+)"
    r" depends on (?P<dep>\S(?:.*\S)?))\s*$"
)
UV_HEAD = "No solution found when resolving dependencies"
# a requirement the user made (not one concluded from others)
UV_PIN = re.compile(
    r"(?<!conclude that )(?:you require|your project depends on|your project requires) "
    r"(?P<req>[A-Za-z0-9][^\s,]*(?:,[<>=!~][^\s,]*)*)"
)
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# derivations another kind reports
OTHER_KIND = re.compile(
    r"was not found in the package registry|there (?:are|is) no versions of|Python version"
    r"|depends on Python|not found in the provided package locations"
)
MAX_CAUSES = 12
POETRY_END = ", version solving failed."
POETRY_PINS = re.compile(
    r"depends on (?:both )?(?P<a>[A-Za-z0-9][\w.\[\]-]* \([^)]*\))"
    r"(?: and (?P<b>[A-Za-z0-9][\w.\[\]-]* \([^)]*\)))?, version solving failed\.$"
)
POETRY_OTHER = re.compile(r"doesn't match any versions|requires Python|Python version")
MAX_DERIVATION = 40  # lines of Poetry's derivation read back from its last


def uv_sentence(hit: Hit) -> list[tuple[int, str]]:
    """The lines of uv's derivation after its ``No solution found`` line, numbered."""
    out: list[tuple[int, str]] = []
    for offset, line in enumerate(hit.after(MAX_CAUSES), start=1):
        text = strip_marker(line)
        stripped = text.strip()
        if not stripped or not text[:1].isspace() or stripped.startswith(("hint:", "help:")):
            break
        out.append((hit.line + offset, text))
    return out


def joined(lines: list[tuple[int, str]]) -> str:
    """The derivation as one sentence (uv before 0.12 wraps it at 80 columns)."""
    text = " ".join(t.strip() for _, t in lines)
    return re.sub(r"^(?:cause:|╰─▶)\s*", "", text)


class ResolutionParser(Parser):
    emits = frozenset({"pip.resolution-impossible"})
    rank = 21
    triggers = (CONFLICT_HEAD.encode(), UV_HEAD.encode(), POETRY_END.encode())

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        if CONFLICT_HEAD in text:
            self._pip(hit)
        elif UV_HEAD in text:
            self._uv(hit)
        elif text.rstrip().endswith(POETRY_END):
            self._poetry(hit)

    def _poetry(self, hit: Hit) -> None:
        lines = [(hit.line, hit.text.strip())]
        for back, line in enumerate(reversed(hit.before(MAX_DERIVATION)), start=1):
            if not line.strip():
                break
            lines.insert(0, (hit.line - back, line.strip()))
        sentence = " ".join(t for _, t in lines)
        pins = POETRY_PINS.search(lines[-1][1])
        if not sentence.startswith("Because") or POETRY_OTHER.search(sentence) or not pins:
            return
        first, second = pins["a"], pins["b"]
        message = (
            f"The requirements cannot all be satisfied: {first} and {second} conflict"
            if second
            else None
        )
        # what each package asks of the one they share, and the project's two pins
        asks = [(n, t) for n, t in lines[:-1] if " depends on " in t][-3:]
        evidence = tuple(hit.evidence(t, n) for n, t in [*asks, lines[-1]])
        self._report(hit, "poetry", second or first, sentence, evidence, message, first)

    def _pip(self, hit: Hit) -> None:
        causes: list[tuple[int, str]] = []
        for offset, line in enumerate(hit.after(MAX_CAUSES), start=1):
            if not line.strip():
                break
            causes.append((hit.line + offset, line))
        matches = [(n, t, PIP_CAUSE.match(t)) for n, t in causes]
        if not matches or not all(m for _, _, m in matches):
            return
        user = [m.group("user") for _, _, m in matches if m and m.group("user")]
        pins = [f"{m['pkg']}=={m['ver']}" for _, _, m in matches if m and m.group("pkg")]
        requirement = (user or pins)[0].split(";")[0].strip()
        conflict = "; ".join(t.strip() for _, t in causes)
        evidence: list[Evidence] = []
        head = self._cannot_install(hit)
        if head is not None:
            evidence.append(hit.evidence(head[1], head[0]))
        evidence += [hit.evidence(t.strip(), n) for n, t in causes]
        self._report(hit, "pip", requirement, conflict, tuple(evidence))

    @staticmethod
    def _cannot_install(hit: Hit) -> tuple[int, str] | None:
        before = hit.before(4)
        for back, line in enumerate(reversed(before), start=1):
            if CANNOT_INSTALL.search(line):
                return hit.line - back, strip_marker(line)
        return None

    def _uv(self, hit: Hit) -> None:
        lines = uv_sentence(hit)
        sentence = joined(lines)
        if not sentence.startswith("Because") or OTHER_KIND.search(sentence):
            return
        pins = [m.group("req").rstrip(".") for m in UV_PIN.finditer(sentence)]
        if not pins:
            return
        evidence = (hit.evidence(), *(hit.evidence(t.strip(), n) for n, t in lines))
        self._report(hit, "uv", pins[-1], sentence, evidence)

    def _report(
        self,
        hit: Hit,
        tool: str,
        requirement: str,
        conflict: str,
        evidence: tuple[Evidence, ...],
        message: str | None = None,
        other: str | None = None,
    ) -> None:
        head = NAME.match(requirement)
        if head is None:
            return
        name = canonical(head.group(0).split("[")[0])
        details = {"name": name, "requirement": requirement, "conflict": conflict}
        against = f"{requirement} (or the requirement it conflicts with)"
        if other and other != requirement:
            details["conflicts_with"] = other
            against = f"{other} or {requirement}"
        hit.report(
            Finding(
                kind="pip.resolution-impossible",
                tool="uv" if tool == "uv" else ("poetry" if tool == "poetry" else "pip"),
                message=message
                or f"The requirements cannot all be satisfied: {requirement} conflicts",
                fix=(
                    f"Move {against} to versions that agree; the resolver's lines say which"
                    " constraint each package puts on the other."
                ),
                details=details,
                evidence=evidence,
                ident=name,
            )
        )


class PipResolutionImpossible(Kind):
    id = "pip.resolution-impossible"
    title = "Requirements that conflict"
    parser = ResolutionParser
    recognizes = (
        "pip `ResolutionImpossible` with its conflict lines; uv `No solution found` with the"
        " pin its derivation ends on; Poetry's `version solving failed.` derivation"
        " (`SolverProblemError`) with the two requirements it names"
    )
    not_fixable = "which of the conflicting pins to move is the maintainer's decision"
