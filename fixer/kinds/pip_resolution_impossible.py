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
  ``python.requires-python``'s.

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
CANNOT_INSTALL = re.compile(r"Cannot install (?P<what>.+?) because these package versions")
PIP_CAUSE = re.compile(
    r"^\s+(?:The user requested (?P<user>\S.*?)|(?P<pkg>[A-Za-z0-9][\w.-]*) (?P<ver>\S+)"
    r" depends on (?P<dep>\S.*?))\s*$"
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
    triggers = (CONFLICT_HEAD.encode(), UV_HEAD.encode())

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        if CONFLICT_HEAD in text:
            self._pip(hit)
        elif UV_HEAD in text:
            self._uv(hit)

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
        self, hit: Hit, tool: str, requirement: str, conflict: str, evidence: tuple[Evidence, ...]
    ) -> None:
        head = NAME.match(requirement)
        if head is None:
            return
        name = canonical(head.group(0).split("[")[0])
        hit.report(
            Finding(
                kind="pip.resolution-impossible",
                tool="uv" if tool == "uv" else "pip",
                message=f"The requirements cannot all be satisfied: {requirement} conflicts",
                fix=(
                    f"Move the pin {requirement} (or the requirement it conflicts with) to"
                    " versions that agree; the resolver's lines say which constraint each"
                    " package puts on the other."
                ),
                details={"name": name, "requirement": requirement, "conflict": conflict},
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
        " pin its derivation ends on"
    )
    not_fixable = "which of the conflicting pins to move is the maintainer's decision"
