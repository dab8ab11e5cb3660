"""A requirement no release satisfies, in pip's, uv's and Poetry's words.

- pip: ``ERROR: Could not find a version that satisfies the requirement X; extra ==
  "dev" (from pkg[dev]) (from versions: none)`` and ``ERROR: No matching distribution
  found for X``;
- uv: ``Because X was not found in the package registry and you require X, ...`` and
  ``Because there are no versions of X and ...``;
- Poetry: ``Because pkg depends on X (>=1) which doesn't match any versions, ...``.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.model import Finding
from fixer.requirements import canonical

PIP_NOT_FOUND = re.compile(
    r"(?:Could not find a version that satisfies the requirement|"
    r"No matching distribution found for) (?P<req>.+?)(?:(?<!\s)|(?= \(from ))"
    r"(?: \(from (?P<origin>(?:(?! \(from )[^)])*+)\))?"
    r"(?: \(from versions: (?P<versions>(?:(?! \(from )[^)])*+)\))?\s*$"
)
UV_NOT_FOUND = re.compile(
    r"Because (?:there are no versions of (?P<none>[^\s,]+)|(?P<missing>[^\s,]+) was not found"
    r" in the package registry)"
)
POETRY_NOT_FOUND = re.compile(
    r"depends on (?P<name>[A-Za-z0-9][\w.-]*) \((?P<spec>[^)]*)\) which doesn't match any versions"
)
EXTRA = re.compile(r"""extra\s*==\s*["'](?P<extra>[^"']+)["']""")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
GROUP = re.compile(r"""group\s*+(?:==\s*+)?["']?(?P<group>[\w-]+)["']?""")


class PipParser(Parser):
    emits = frozenset({"pip.no-matching-distribution"})
    rank = 20
    triggers = (
        b"satisfies the requirement ",
        b"No matching distribution found for ",
        b" in the package registry",
        b"there are no versions of ",
        b"doesn't match any versions",
    )

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        pip = PIP_NOT_FOUND.search(text)
        if pip:
            tool = "uv" if _is_uv(hit) else "pip"
            req = pip.group("req").strip()
            self._report(hit, tool, req, pip.group("versions"))
            return
        uv = UV_NOT_FOUND.search(text)
        if uv:
            name = uv.group("none") or uv.group("missing")
            sentence = _sentence(text, hit.after(6))  # uv < 0.12 wraps at 80 columns
            req = _uv_requirement(sentence, name)
            self._report(hit, "uv", req, "none", _uv_source(sentence, name))
            return
        poetry = POETRY_NOT_FOUND.search(text)
        if poetry:
            spec = poetry.group("spec")
            req = poetry.group("name") + ("" if spec in ("*", "") else f" ({spec})")
            self._report(hit, "poetry", req, "none")

    def _report(
        self,
        hit: Hit,
        tool: str,
        req: str,
        versions: str | None,
        source: dict[str, str] | None = None,
    ) -> None:
        head = NAME.match(req)
        if not head:
            return
        name = canonical(head.group(0).split("[")[0])
        details = {"name": name, "requirement": req.split(";")[0].strip()}
        extra = EXTRA.search(req)
        if extra:
            details["extra"] = extra.group("extra")
        if versions is not None:
            details["versions"] = versions.strip()
        details.update(source or {})
        hit.report(
            Finding(
                kind="pip.no-matching-distribution",
                tool="pip" if tool == "pip" else ("uv" if tool == "uv" else "poetry"),
                message=f"No release of {name} satisfies {details['requirement']}",
                fix=f"Remove the requirement {details['requirement']} (no release satisfies it)"
                " from where the project declares it.",
                details=details,
                ident=name,
            )
        )


def _is_uv(hit: Hit) -> bool:
    command = hit.command.script if hit.command else ""
    return bool(re.search(r"(^|[\s/])uv\s", command))


def _sentence(text: str, following: list[str]) -> str:
    """The line with its wrapped continuation lines, up to the sentence's end."""
    parts = [text.strip()]
    for line in following:
        if "we can conclude" in " ".join(parts) or not line.startswith("      "):
            break
        parts.append(line.strip())
    return " ".join(parts)


def _uv_source(sentence: str, name: str) -> dict[str, str]:
    """uv names the group (``api:dev``) or extra (``api[dev]``) that depends on ``name``."""
    match = re.search(
        rf"(?P<pkg>[\w.-]+)(?::(?P<group>[\w-]+)|\[(?P<extra>[\w-]+)\]) depends on "
        rf"{re.escape(name)}",
        sentence,
        flags=re.IGNORECASE,
    )
    if not match:
        return {}
    if match.group("group"):
        return {"group": match.group("group")}
    return {"extra": match.group("extra")}


def _uv_requirement(text: str, name: str) -> str:
    """uv names the requirement after ``you require`` / ``depends on``."""
    match = re.search(
        rf"(?:you require|depends on) ({re.escape(name)}[^\s,]*)", text, flags=re.IGNORECASE
    )
    return match.group(1) if match else name
