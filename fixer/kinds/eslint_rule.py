"""``eslint.rule``: an ESLint error of any rule but ``no-unused-vars`` (which is
``eslint.no-unused-vars``, fixed for imports).

*stylish* (the default: the file's path on its own line, then ``  3:5  error  Unexpected
console statement  no-console``; a file ESLint cannot parse has ``  2:9  error  Parsing
error: ...`` and no rule) and *compact* (``/path/x.js: line 3, col 5, Error - Unexpected
console statement. (no-console)``). A warning fails no job, so it counts only when the
command fails on warnings (``--max-warnings``).

Fixed when ESLint can fix it: stylish's summary says how many problems are "potentially
fixable with the `--fix` option" (``details.eslint_fixable``: ``false`` when the summary
names none, absent when the form prints no summary), and a core rule must be one that has
fixes at all (:data:`CORE_FIXABLE`; a plugin's rule is judged by the run). The project's
own ESLint then runs
on the untouched tree (its version, its configuration, the CI's command: see
:mod:`fixer.verify.node_checks`), which must report each finding, and at least one with
ESLint's own fix; it makes the fix through its Node API with a fix filter on the failing
rules, on the named file only (:mod:`fixer.forge.eslint_fix`), and the CI's command,
re-run, proves it. A place ESLint offers no fix for (``eqeqeq`` on ``x == 0``, a
parsing error) is a person's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.diagnose.eslint import _fails_on_warnings, _stylish_header
from fixer.kinds.base import Kind, listed, where
from fixer.model import Finding

STYLISH = re.compile(
    r"^\s+(?P<line>\d+):(?P<col>\d+)\s+(?P<sev>error|warning)\s++(?P<msg>.*?\S)"
    r"(?:\s{2,}+(?P<rule>(?:@[\w.-]+/)?[\w.-]+(?:/[\w.-]+)?))?\s*+$"
)
COMPACT = re.compile(
    r"^(?P<path>.+?): line (?P<line>\d+), col (?P<col>\d+), (?P<sev>Error|Warning) - "
    r"(?P<msg>.*?\S)(?: \((?P<rule>(?:@[\w.-]+/)?[\w.-]+(?:/[\w.-]+)?)\))?\s*+$"
)
KEPT = ("no-unused-vars", "@typescript-eslint/no-unused-vars")  # their own kind
# the core rules that can fix some of their problems (``meta.fixable``), as ESLint 9.39
# lists them (``builtinRules``; the deprecated layout rules of ESLint 8 among them)
CORE_FIXABLE = frozenset(  # 106 names: a word list keeps them readable
    """array-bracket-newline array-bracket-spacing array-element-newline arrow-body-style
    arrow-parens arrow-spacing block-spacing brace-style capitalized-comments comma-dangle
    comma-spacing comma-style computed-property-spacing curly dot-location dot-notation
    eol-last eqeqeq func-call-spacing function-call-argument-newline function-paren-newline
    generator-star-spacing implicit-arrow-linebreak indent indent-legacy jsx-quotes
    key-spacing keyword-spacing linebreak-style lines-around-comment lines-around-directive
    lines-between-class-members logical-assignment-operators multiline-comment-style
    multiline-ternary new-parens newline-after-var newline-before-return
    newline-per-chained-call no-array-constructor no-confusing-arrow no-div-regex
    no-else-return no-extra-bind no-extra-boolean-cast no-extra-label no-extra-parens
    no-extra-semi no-floating-decimal no-implicit-coercion no-lonely-if no-multi-spaces
    no-multiple-empty-lines no-regex-spaces no-spaced-func no-trailing-spaces no-undef-init
    no-unneeded-ternary no-unused-labels no-useless-computed-key no-useless-rename
    no-useless-return no-var no-whitespace-before-property nonblock-statement-body-position
    object-curly-newline object-curly-spacing object-property-newline object-shorthand
    one-var one-var-declaration-per-line operator-assignment operator-linebreak padded-blocks
    padding-line-between-statements prefer-arrow-callback prefer-const prefer-destructuring
    prefer-exponentiation-operator prefer-numeric-literals prefer-object-has-own
    prefer-object-spread prefer-template quote-props quotes rest-spread-spacing semi
    semi-spacing semi-style sort-imports sort-vars space-before-blocks
    space-before-function-paren space-in-parens space-infix-ops space-unary-ops spaced-comment
    strict switch-colon-spacing template-curly-spacing template-tag-spacing unicode-bom
    wrap-iife wrap-regex yield-star-spacing yoda""".split()  # noqa: SIM905
)
SUMMARY = re.compile(
    r"^\s*(?:\S+\s+)?\d+ problems? \((?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?\)"
)
FIXABLE = re.compile(
    r"^\s*(?P<errors>\d+) errors? and (?P<warnings>\d+) warnings? potentially fixable with the"
)


class EslintRuleParser(Parser):
    emits = frozenset({"eslint.rule"})
    rank = 41
    triggers = (
        b"  error  ", b"  warning  ", b", Error - ", b", Warning - ",
        b" problem", b"potentially fixable",
    )  # fmt: skip

    def __init__(self) -> None:
        # (segment, line, errors, warnings ESLint can fix): a stylish summary, with -1
        # for one that names no fixable problem
        self._summaries: list[tuple[int, int, int, int]] = []

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        if self._summary(hit, text):
            return
        match = STYLISH.match(text) or COMPACT.match(text)
        if match is None:
            return
        rule, message = match["rule"], match["msg"].rstrip(".")
        if rule is None and not message.startswith("Parsing error"):
            return  # a stylish entry always ends in its rule, but for a parsing error
        if rule in KEPT:
            return
        if match["sev"].lower() == "warning" and not _fails_on_warnings(hit):
            return
        path = match.groupdict().get("path") or _stylish_header(hit)
        if path is None:
            return
        hit.report(
            Finding(
                kind="eslint.rule",
                tool="eslint",
                message=message,
                path=path,
                raw_path=path,
                line=int(match["line"]),
                column=int(match["col"]),
                code=rule,
                fix=(
                    f"Change the code as ESLint's `{rule}` asks: {message}."
                    if rule
                    else f"Fix the syntax ESLint cannot parse: {message}."
                ),
                details={"severity": match["sev"].lower()},
                ident=f"{rule}|{match['col']}|{message}",
            )
        )

    def _summary(self, hit: Hit, text: str) -> bool:
        fixable = FIXABLE.match(text)
        if fixable is not None:
            if self._summaries and self._summaries[-1][:2] == (hit.segment, hit.line - 1):
                self._summaries.pop()
            counts = (int(fixable["errors"]), int(fixable["warnings"]))
            self._summaries.append((hit.segment, hit.line, *counts))
            return True
        if SUMMARY.match(text) is not None:
            self._summaries.append((hit.segment, hit.line, 0, 0))
            return True
        return False

    def finish(self, sightings: list[Sighting]) -> None:
        """Each finding learns from the summary after it whether ESLint can fix some of its
        command's problems of its severity."""
        for sighting in sightings:
            finding = sighting.finding
            line = finding.evidence[0].line if finding.evidence else 0
            after = [s for s in self._summaries if s[0] == sighting.segment and s[1] > line]
            if not after or not finding.code:
                continue
            _, _, errors, warnings = after[0]
            some = errors if finding.details.get("severity") == "error" else warnings
            details = {**finding.details, "eslint_fixable": "true" if some else "false"}
            sighting.finding = replace(finding, details=details)


class EslintRule(Kind):
    id = "eslint.rule"
    title = "An ESLint error"
    parser = EslintRuleParser
    recognizes = (
        "ESLint stylish and compact formats: an error of any other rule, or a parsing error;"
        " warnings only under `--max-warnings`"
    )
    change = (
        "ESLint's own fixes of the failing rules in the named file, by the project's ESLint"
        " (its locked version and configuration, through its Node API with a fix filter on"
        " those rules), proven by the CI's ESLint command re-run"
    )
    only = "ESLint-fixable"
    not_fixable = (
        "ESLint offers no fix for it (its summary names no fixable problem, or no fix at that"
        " place); each such rule asks for a person's change"
    )
    codemods = ("fixer.codemods.js.eslint_fix_output:EslintFixOutput",)
    facts = frozenset({"eslint_fix"})
    verifier = "eslint-rule"
    precondition = "eslint"
    topic = "lint"

    @property
    def prover(self) -> str:
        return "eslint"

    def admits(self, finding: Finding) -> bool:
        """A rule ESLint may fix here: its summary does not say that nothing is fixable, and
        a core rule is one that can fix (a plugin's rule: the run on the tree decides)."""
        rule = finding.code or ""
        if not rule or finding.details.get("eslint_fixable") == "false":
            return False
        return "/" in rule or rule in CORE_FIXABLE

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """One rule in one file is one cause, at however many lines."""
        return (self.id, finding.code, finding.path or finding.raw_path)

    def subject(self, findings: Sequence[Finding]) -> str:
        rules = sorted({f.code for f in findings if f.code}) or ["a rule"]
        return f"apply ESLint's fix for {listed(rules)}{where(findings)}"
