"""``npm.lock-out-of-sync``: ``npm ci`` refused a lock file that ``package.json`` outgrew.

npm 8 to 11 check the lock against ``package.json`` before installing anything and stop
with ``code EUSAGE`` (``npm ERR! ...`` before npm 10, ``npm error ...`` since)::

    npm error `npm ci` can only install packages when your package.json and
      package-lock.json or npm-shrinkwrap.json are in sync. Please update your lock file
      with `npm install` before continuing.
    npm error
    npm error Invalid: lock file's is-number@6.0.0 does not satisfy is-number@7.0.0
    npm error Missing: left-pad@1.3.0 from lock file

then ``ci``'s usage. The finding is the lock file of the step's folder (a ``cd frontend
&&`` of the command, the workflow's ``working-directory``: ``npm-shrinkwrap.json`` when
there is one, as npm prefers it, else ``package-lock.json``), the packages the
``Missing:`` and ``Invalid:`` lines name, and those lines as evidence. The npm the job
ran is read from setup-node's ``Environment details`` (``npm: 10.9.4``) or npm's own
``npm info using npm@10.9.4``.

The fix (:mod:`fixer.forge.npmlock`): ``npm install --package-lock-only --ignore-scripts``
in the lock's folder of the worktree, with the npm the log shows (installed apart, else
the machine's npm, and the report says so); no script runs, nothing but the lock may
change. The proof: ``npm ci --dry-run --ignore-scripts`` fails there on the untouched
tree, as in CI, and succeeds after (:mod:`fixer.verify.npm_lock`); the report names the
packages the lock's change added, removed and changed (:mod:`fixer.report.lockdiff`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.kinds.base import Kind
from fixer.model import Finding

if TYPE_CHECKING:
    from fixer.diagnose.paths import RepoIndex

SYNC = "can only install packages when your package.json and package-lock.json"
PREFIX = re.compile(r"^npm (?:error|ERR!)(?: |$)")
NAME = r"(?:@[^\s@/]+/)?[^\s@]+"
MISSING = re.compile(rf"^Missing: (?P<name>{NAME})@(?P<version>\S+) from lock file$")
INVALID = re.compile(
    rf"^Invalid: lock file's (?P<name>{NAME})@(?P<locked>\S+) does not satisfy"
    rf" (?P<wanted>{NAME})@(?P<version>\S+)$"
)
END = "Clean install a project"  # where ``ci``'s usage starts
FOLLOWING = 400  # lines read after the first one for its Missing:/Invalid: lines
EVIDENCE = 20  # of those kept as evidence
SHOWN = 8  # packages named in the message
# setup-node's "Environment details", npm's own line at --loglevel info and above
SETUP_NODE = re.compile(r"^npm: v?(?P<version>\d+\.\d+\.\d+(?:-[\w.]+)?)\s*$")
USING = re.compile(r"^npm (?:info|verb|verbose) using npm@(?P<version>\d+\.\d+\.\d+\S*)\s*$")
LOCKS = ("npm-shrinkwrap.json", "package-lock.json")


def npm_text(line: str) -> str | None:
    """The text of an ``npm error`` / ``npm ERR!`` line ("" when blank), else None."""
    text = strip_marker(line).strip()
    match = PREFIX.match(text)
    return text[match.end() :].strip() if match else None


class NpmLockParser(Parser):
    emits = frozenset({"npm.lock-out-of-sync"})
    rank = 86
    triggers = (SYNC.encode(), b"using npm@")
    line_triggers = (b"npm: ",)

    def __init__(self) -> None:
        self._versions: list[tuple[int, str]] = []  # (line, npm version) the job showed

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text).strip()
        version = SETUP_NODE.match(text) or USING.match(text)
        if version:
            self._versions.append((hit.line, version.group("version")))
            return
        if SYNC not in text or npm_text(text) is None:
            return
        lines: list[tuple[int, str]] = []  # (line number, text) of Missing: and Invalid:
        missing: list[str] = []
        invalid: list[str] = []
        packages: list[str] = []
        for offset, line in enumerate(hit.after(FOLLOWING), start=1):
            said = npm_text(line)
            if said is None or said.startswith(END):
                break
            gone, bad = MISSING.match(said), INVALID.match(said)
            if gone:
                missing.append(f"{gone['name']}@{gone['version']}")
                packages.append(gone["name"])
            elif bad:
                invalid.append(f"{bad['name']}@{bad['locked']} (wanted {bad['version']})")
                packages.append(bad["wanted"])
            else:
                continue
            lines.append((hit.line + offset, strip_marker(line).strip()))
        named = list(dict.fromkeys(packages))
        details = {"packages": ", ".join(named)}
        if missing:
            details["missing"] = ", ".join(missing)
        if invalid:
            details["invalid"] = ", ".join(invalid)
        more = f" and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
        what = f" ({', '.join(named[:SHOWN])}{more})" if named else ""
        hit.report(
            Finding(
                kind="npm.lock-out-of-sync",
                tool="npm",
                message=f"npm ci: package-lock.json is not in sync with package.json{what}",
                raw_path="package-lock.json",
                path="package-lock.json",
                fix=(
                    "Run `npm install --package-lock-only` in the lock's folder with the npm"
                    " the CI uses, and commit the lock file."
                ),
                ident="lock",
                details=details,
            ),
            extra=tuple(hit.evidence(said, at) for at, said in lines[:EVIDENCE]),
        )

    def finish(self, sightings: list[Sighting]) -> None:
        """Each finding gets the npm version the job showed last before it."""
        for sighting in sightings:
            finding = sighting.finding
            line = finding.evidence[0].line if finding.evidence else 0
            shown = [v for at, v in self._versions if at < line]
            if shown:
                details = {**finding.details, "npm_version": shown[-1]}
                fix = (
                    f"Run `npx npm@{shown[-1]} install --package-lock-only` (the CI's npm) in"
                    " the lock's folder, and commit the lock file."
                )
                sighting.finding = replace(finding, details=details, fix=fix)


class NpmLockOutOfSync(Kind):
    id = "npm.lock-out-of-sync"
    title = "package-lock.json out of sync with package.json"
    parser = NpmLockParser
    recognizes = (
        "`npm ci` (npm 8 to 11) refusing a lock file not in sync with `package.json`:"
        " the lock of the step's folder (`cd frontend &&`, `working-directory:`), each"
        " package of its `Missing: x@1.0.0 from lock file` and `Invalid: lock file's"
        " x@1.0.0 does not satisfy x@2.0.0` lines"
    )
    change = (
        "the lock as `npm install --package-lock-only --ignore-scripts` rewrites it in its"
        " folder, with the npm the log shows (setup-node's `npm: 10.9.4`; else the"
        " machine's, and the report says so); no script runs and only the lock may change;"
        " proven by `npm ci --dry-run --ignore-scripts`, which fails before and passes"
        " after; the report lists the packages added, removed and changed"
    )
    codemods = ("fixer.codemods.js.npm_lock_output:NpmLockOutput",)
    facts = frozenset({"relock"})
    verifier = "npm-lock"
    precondition = "npm-lock"
    topic = "deps"

    @property
    def prover(self) -> str:
        return "npm"

    def subject(self, findings: Sequence[Finding]) -> str:
        paths = sorted({f.path for f in findings if f.path})
        where = f" {paths[0]}" if len(paths) == 1 else ""
        return f"update{where or ' the npm lock files'} to match package.json"

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """The lock file of the step's folder (npm-shrinkwrap.json first, as npm reads
        it), never one elsewhere: ``npm ci`` read the lock of the folder it ran in."""
        for folder in dirs:
            for name in LOCKS:
                path = posixpath.join(folder, name) if folder else name
                if path in index.files:
                    details = {k: v for k, v in finding.details.items() if k != "unresolved"}
                    return replace(
                        finding,
                        path=path,
                        raw_path=name if name != "package-lock.json" else finding.raw_path,
                        resolved=True,
                        details=details,
                    )
        if not index.files:
            return finding
        details = {**finding.details, "unresolved": "no lock file in the step's folder"}
        return replace(finding, path=finding.raw_path, resolved=False, details=details)

    def targets(self, finding: Finding, files: Sequence[str]) -> tuple[str, ...]:
        return (finding.path,) if finding.path and finding.resolved else ()

    def folder(self, finding: Finding) -> str:
        """The lock's folder, repo-relative ("" at the root)."""
        return posixpath.dirname(finding.path or "")
