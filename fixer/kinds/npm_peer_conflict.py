"""``npm.peer-conflict``: npm could not resolve the dependency tree: a package's peer range
excludes the version the project has.

npm 7 and later print it as ``npm error code ERESOLVE`` (``npm ERR!`` before npm 10), then
``ERESOLVE unable to resolve dependency tree`` (the root's own dependencies conflict) or
``ERESOLVE could not resolve`` (a package deeper in the tree), with ``While resolving:
<package>``, ``Found: <what the project has>`` and, after ``Could not resolve
dependency:``, the range that excludes it: ``peer react@"17.0.2" from react-dom@17.0.2``.
The same lines under ``npm warn ERESOLVE overriding peer dependency`` are a warning: npm
went on, and nothing failed.

Not fixable: which side moves (upgrade the package that declares the peer range, or keep
the project's version inside it) is the maintainer's choice; ``--legacy-peer-deps`` would
only hide the conflict.
"""

from __future__ import annotations

import re

from fixer.contract import Hit, Parser, strip_marker
from fixer.kinds.base import Kind
from fixer.kinds.npm_lock_out_of_sync import npm_text
from fixer.model import Evidence, Finding

WHILE = re.compile(r"^While resolving: (?P<package>\S+)")
FOUND = re.compile(r"^Found: (?P<found>\S+)")
WANTED = re.compile(
    r"^(?:peer |dev |optional )*(?P<dep>\S+?)@\"(?P<range>[^\"]*)\" from (?P<by>\S+)"
)
MAX_LINES = 80  # npm's ERESOLVE block: about 30 lines


class NpmPeerConflictParser(Parser):
    emits = frozenset({"npm.peer-conflict"})
    rank = 86
    triggers = (b"code ERESOLVE",)

    def feed(self, hit: Hit) -> None:
        if npm_text(hit.text) != "code ERESOLVE":
            return  # npm warn ERESOLVE: npm overrode the peer range and went on
        facts: dict[str, str] = {}
        # the evidence after this line, most decisive first: the range that excludes the
        # project's version, what the project has, the package being resolved
        shown: dict[str, Evidence] = {}
        wanted_next = False
        for offset, raw in enumerate(hit.after(MAX_LINES), start=1):
            text = npm_text(raw)
            if text is None:
                break  # the end of npm's block
            seen = hit.evidence(strip_marker(raw).strip(), hit.line + offset)
            if (match := WHILE.match(text)) and "package" not in facts:
                facts["package"] = match["package"]
                shown["package"] = seen
            elif (match := FOUND.match(text)) and "found" not in facts:
                facts["found"] = match["found"]
                shown["found"] = seen
            elif text == "Could not resolve dependency:":
                wanted_next = True
            elif wanted_next:
                wanted_next = False
                if (match := WANTED.match(text)) and "range" not in facts:
                    facts.update(dep=match["dep"], range=match["range"], by=match["by"])
                    shown["range"] = seen
        evidence = tuple(shown[k] for k in ("range", "found", "package") if k in shown)
        hit.report(_finding(facts), extra=evidence)


def _finding(facts: dict[str, str]) -> Finding:
    dep, wanted, by = facts.get("dep", ""), facts.get("range", ""), facts.get("by", "")
    found = facts.get("found", "")
    if dep and by:
        has = f" and the project has `{found}`" if found else ""
        message = f"npm could not resolve the dependency tree: `{by}` wants `{dep}@{wanted}`{has}"
        name = by.rsplit("@", 1)[0] if by.rfind("@") > 0 else by
        fix = (
            f"`{by}` accepts only `{dep}@{wanted}`{has}: upgrade `{name}` to a release whose"
            f" peer range includes it, or keep `{dep}` within `{wanted}` in package.json"
            " (`--legacy-peer-deps` would only hide the conflict)."
        )
    else:
        message = "npm could not resolve the dependency tree (ERESOLVE)"
        fix = (
            "Run `npm install` locally: npm's ERESOLVE report names the package whose peer"
            " range excludes the version the project has; upgrade one of the two."
        )
    return Finding(
        kind="npm.peer-conflict",
        tool="npm",
        message=message,
        fix=fix,
        details=facts,
        ident=f"npm|{by}|{dep}",
    )


class NpmPeerConflict(Kind):
    id = "npm.peer-conflict"
    title = "An npm peer dependency conflict"
    parser = NpmPeerConflictParser
    recognizes = (
        "npm `ERESOLVE` (`npm error` / `npm ERR!`): the package whose peer range excludes the"
        " version the project has, from `While resolving:`, `Found:` and `Could not resolve"
        " dependency:`; never the `npm warn ERESOLVE overriding peer dependency` warning"
    )
    not_fixable = "which side moves, the package or the project's version, is for a human to choose"
