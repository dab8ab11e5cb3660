"""What a kind of finding is: one plugin, in one module of :mod:`fixer.kinds`.

A kind gathers everything fixer knows about one root cause a tool reports
(``mypy.type-arg``, ``pip.no-matching-distribution``), the way a Fixit rule or a
pyupgrade plugin does:

- ``id``, ``title`` (the report's heading), and for the README what it ``recognizes``
  in a log and the ``change`` its fix makes;
- ``topic`` and :meth:`Kind.subject`: what a fix of some findings does, in the
  maintainer's words, for the commit's subject and the pull request's title
  (``fix(types): add type arguments to 3 bare generics in app/models.py``);
- ``parser``: the tool parser that reports it (:mod:`fixer.diagnose`, pure, over
  normalized log lines; a kind may define its own parser in its module); ``None`` for
  the finding the aggregation itself makes (``unknown``);
- ``codemods``: its transforms, as ``module:Class`` of
  :class:`~fixer.codemods.base.Codemod`, imported only when a fix is planned (they load
  libcst or tree-sitter); their examples (before and after, no-op, skip) are its tests;
- whether a finding is fixable is derived, never set by a parser: a kind with a
  transform fixes every finding whose path resolved and that :meth:`Kind.admits`;
  ``not_fixable`` says what is left to a human, and why;
- ``facts``: the :class:`~fixer.model.CodemodContext` fields its transforms read (the fix
  layer gathers them);
- ``verifier``: the check that proves a fix: the real tool, re-run as the CI step ran
  it, its output read by ``parser``; ``precondition`` names a step before it when the
  kind has one;
- :meth:`Kind.exposes`: what a verified fix may bring to light (a CI step the failure
  kept from running, and what it may now report): the fixable findings it reports are
  planned and fixed with the fix (:mod:`fixer.fix.exposed`);
- ``scope`` and the hooks :meth:`Kind.locate` and :meth:`Kind.targets`: where in the
  repository a finding lives and which files its fix may change;
- :meth:`Kind.cause`: which findings the reports show as one root cause with several
  places; :meth:`Kind.likely_place`: where the cause most likely lives when no
  repository is given (the step's ``cd backend &&`` and what the tool printed).

A kind does no I/O: the repository is read through :class:`RepoIndex.read`.

A new kind is one module of the package, its parser and its codemods in it when no
existing ones serve (``tests/kinds/test_one_module.py`` adds ``ruff.F541`` that way and
runs it from the log to the commit). Its verifier is one of the checks
:mod:`fixer.verify.checks` has (``Verifier``): a tool fixer does not run yet needs its
check there too. Outside the kinds, only the parsers name kind ids (those they report)
and the codemods' examples (the kind each example's findings are of).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, ClassVar, Literal

from fixer.diagnose.paths import clean, step_dirs
from fixer.model import Finding

if TYPE_CHECKING:
    from fixer.codemods.base import Codemod
    from fixer.contract import Parser
    from fixer.diagnose.paths import RepoIndex

# "file": one task per file, its findings fixed together; "project": one task per
# finding, over every file that may declare it (a requirement)
Scope = Literal["file", "project"]
# the checks that prove a fix (see fixer.verify.checks)
Verifier = Literal[
    "mypy", "ruff", "eslint", "eslint-rule", "tsc", "poetry-core", "pyproject", "tool", "lock",
    "npm-lock", "",
]  # fmt: skip

SHORT_PATH = 32  # a longer path is named by its file name in a subject
NO_TRANSFORM = "no safe automatic change is known"


@dataclass(frozen=True, slots=True)
class Exposure:
    """What a verified fix may bring to light: the CI step of the tool ``verifier`` names,
    which the fixed failure kept from running, may now report findings about ``subject``
    (a module: the findings whose subject is it or one of its submodules)."""

    verifier: Verifier
    subject: str
    typed: bool = False  # the report says whether ``subject`` ships ``py.typed``

    def covers(self, finding: Finding) -> bool:
        return finding.ident == self.subject or finding.ident.startswith(self.subject + ".")


class Kind:
    """One kind of finding. Subclasses set the class attributes; the hooks are optional."""

    id: ClassVar[str]
    title: ClassVar[str]
    parser: ClassVar[type[Parser] | None]
    recognizes: ClassVar[str]  # the README: what the log shows (markdown)
    change: ClassVar[str] = ""  # the README: what the fix changes (markdown)
    codemods: ClassVar[tuple[str, ...]] = ()  # "module:Class", in the order they run
    not_fixable: ClassVar[str] = ""  # why fixer leaves (some of) these findings to a human
    only: ClassVar[str] = ""  # the findings it fixes when not all of them ("imports")
    facts: ClassVar[frozenset[str]] = frozenset()
    # the strategies its codemods are asked for in turn when a fix fails verification
    strategies: ClassVar[tuple[str | None, ...]] = (None,)
    verifier: ClassVar[Verifier] = ""
    precondition: ClassVar[str | None] = None
    scope: ClassVar[Scope] = "file"
    topic: ClassVar[str] = "ci"  # the conventional-commit scope of its fix: fix(ci): ...

    @property
    def prover(self) -> str:
        """The tool whose checks prove a fix: while one of them could not run, the fix is
        not verified."""
        return self.verifier

    @property
    def has_transform(self) -> bool:
        return bool(self.codemods)

    def transforms(self) -> tuple[Codemod, ...]:
        """The codemods, imported now."""
        return tuple(_load(spec) for spec in self.codemods)

    def admits(self, finding: Finding) -> bool:
        """Whether the transform may fix this finding (some kinds fix only some forms)."""
        return True

    def fixable(self, finding: Finding) -> bool:
        """Derived: a transform exists, the finding's place is known and it is admitted."""
        return self.has_transform and "unresolved" not in finding.details and self.admits(finding)

    def exposes(self, finding: Finding) -> Exposure | None:
        """What a verified fix of ``finding`` may bring to light (None: nothing)."""
        return None

    def why_not(self) -> str:
        """What the report says about a finding of this kind that is not fixable."""
        return self.not_fixable or NO_TRANSFORM

    def subject(self, findings: Sequence[Finding]) -> str:
        """What fixing ``findings`` (of this kind) does, in the imperative, lower case,
        with no id of fixer's: the commit's subject after ``fix(topic): ``."""
        what = self.title[:1].lower() + self.title[1:]
        return f"fix {count(len(findings), what)}{where(findings)}"

    def locate(self, finding: Finding, dirs: Sequence[str], index: RepoIndex) -> Finding:
        """``finding`` (its printed path already mapped) tied to the repository's content."""
        return finding

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """Findings with equal causes are one root cause with several places: by default
        the same subject (or message) in the same file, at any line."""
        place = finding.path or finding.raw_path
        return (finding.kind, place, finding.code, finding.ident or finding.message)

    def likely_place(self, finding: Finding) -> str | None:
        """The repository file the cause most likely lives in, from the log alone (no
        repository given): the printed path under the step's ``cd`` directory, or a
        runner path without its workspace; ``None`` when the log says no more than the
        finding's own path."""
        raw = finding.raw_path or finding.path
        if finding.resolved or not raw:
            return None
        rel = clean(raw)
        if rel is None or not rel:
            return None
        if rel != raw.replace("\\", "/").removeprefix("./"):
            return rel  # an absolute runner path: its workspace prefix dropped
        base = step_dirs(finding.workdir, finding.command)[0]
        return clean(f"{base}/{rel}") if base else None

    def targets(self, finding: Finding, files: Sequence[str]) -> tuple[str, ...]:
        """The files a fix of ``finding`` may change (``files``: the commit's)."""
        if finding.path and finding.resolved and finding.path in files:
            return (finding.path,)
        return ()


def per_file(finding: Finding) -> tuple[object, ...]:
    """A cause key for kinds whose findings in one file are one cause (every unused
    import of a module, every bare generic of a file), whatever their subjects."""
    return (finding.kind, finding.path or finding.raw_path)


def count(n: int, noun: str, plural: str = "") -> str:
    """``the unused import`` for one, ``3 unused imports`` for more."""
    if n == 1:
        return noun if noun.startswith(("a ", "an ", "the ")) else f"the {noun}"
    return f"{n} {plural or noun + 's'}"


def where(findings: Sequence[Finding], preposition: str = "in") -> str:
    """`` in app/models.py`` when the findings are in one file (its name alone when the
    path is long: a subject fits on one line), `` in 2 files`` else."""
    paths = sorted({f.path for f in findings if f.path})
    if not paths:
        return ""
    if len(paths) > 1:
        return f" {preposition} {len(paths)} files"
    path = paths[0] if len(paths[0]) <= SHORT_PATH else paths[0].rsplit("/", 1)[-1]
    return f" {preposition} {path}"


def names(findings: Sequence[Finding], key: str) -> list[str]:
    """The distinct ``details[key]`` of ``findings``, in their order."""
    return list(dict.fromkeys(f.details[key] for f in findings if f.details.get(key)))


def listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@cache
def _load(spec: str) -> Codemod:
    """The one instance of the codemod ``spec`` names (codemods keep no state)."""
    from fixer.codemods.base import Codemod

    module, _, name = spec.partition(":")
    loaded = getattr(importlib.import_module(module), name)
    if not (isinstance(loaded, type) and issubclass(loaded, Codemod)):
        raise TypeError(f"{spec} is no codemod")
    return loaded()
