"""ESLint's own fixes of some rules in one text, made by the project's ESLint.

ESLint's command line cannot limit ``--fix`` to some rules: ``--rule`` only adds or
changes rules (under a flat config, only the severity of configured ones), ``--fix-type``
filters by the kind of fix, not by rule, and ``--no-config-lookup`` would drop the
project's configuration. Its Node API can: ``new ESLint({fix})`` takes a predicate on each
message, ``fix: m => rules.has(m.ruleId)``, in ESLint 7, 8 and 9 alike. So a small script
(:data:`SCRIPT`) runs with Node, loads the ``eslint`` that the project's ``node_modules``
resolves (``createRequire`` from the package folder: the project's version, never
fixer's), picks the class ESLint itself would use (``loadESLint``: the flat or the
eslintrc one, as the folder's configuration says; plain ``ESLint`` before 8.57) and
lints the text as the file, from the folder the CI's command runs in:

1. once without fixing, for the messages at the places the log named: each must be
   there, of its rule, and carry a ``fix`` (else :class:`~fixer.errors.Unfixable` says
   which did not: a rule such as ``eqeqeq`` fixes some places only);
2. once with the fix predicate: the text ESLint writes (it applies fixes in passes, as
   ``--fix`` does).

Nothing is written: the text comes in on stdin and goes out in the JSON on stdout.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fixer.errors import ToolError, Unfixable
from fixer.proc import run

TIMEOUT = 300

SCRIPT = r"""
import { createRequire } from "node:module";
import path from "node:path";
let raw = "";
for await (const chunk of process.stdin) raw += chunk;
const job = JSON.parse(raw);
const require = createRequire(path.join(job.package, "package.json"));
const eslint = require("eslint");
const Linter = eslint.loadESLint ? await eslint.loadESLint({ cwd: job.cwd }) : eslint.ESLint;
const options = { cwd: job.cwd };
if (job.config) options.overrideConfigFile = job.config;
const rules = new Set(job.rules);
const lint = async (fix) => {
  const engine = new Linter(fix ? { ...options, fix: (m) => rules.has(m.ruleId) } : options);
  const [result] = await engine.lintText(job.text, { filePath: job.file, warnIgnored: true });
  return result;
};
const before = await lint(false);
const places = job.targets.map((t) => {
  const m = before.messages.find(
    (m) => m.ruleId === t.rule && m.line === t.line && (t.column === null || m.column === t.column),
  );
  return { ...t, reported: Boolean(m), fixable: Boolean(m && m.fix) };
});
const ready = places.every((p) => p.fixable);
const after = ready ? await lint(true) : null;
const version = eslint.ESLint.version || "";
const output = after ? after.output ?? null : null;
process.stdout.write(JSON.stringify({ version, places, output }));
"""


@dataclass(frozen=True, slots=True)
class Target:
    rule: str
    line: int
    column: int | None


def eslint_fix(
    package: Path, cwd: Path, file: Path, text: str, targets: Sequence[Target], config: str = ""
) -> str:
    """``text`` (the content of ``file``) with ESLint's fixes of the targets' rules, by the
    ESLint that ``package``'s ``node_modules`` holds, run from ``cwd``.

    Raises :class:`Unfixable` when ESLint does not report a target at its place or offers
    no fix for it, :class:`~fixer.errors.ToolError` when Node or ESLint fails."""
    job = {
        "package": str(package),
        "cwd": str(cwd),
        "file": str(file),
        "text": text,
        "rules": sorted({t.rule for t in targets}),
        "targets": [{"rule": t.rule, "line": t.line, "column": t.column} for t in targets],
        "config": config,
    }
    argv = ["node", "--input-type=module", "-e", SCRIPT]
    done = run(argv, package, input=json.dumps(job), timeout=TIMEOUT)
    shown = ["node", "(fixer's ESLint fix script)"]
    if done.returncode != 0:
        raise ToolError(shown, done.returncode, done.stdout, done.stderr)
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise ToolError(shown, done.returncode, done.stdout[:300], done.stderr) from None
    version = f"ESLint {answer.get('version') or '(unknown version)'}"
    for place in answer.get("places", []):
        where = f"{place['rule']} at {place['line']}:{place['column']}"
        if not place.get("reported"):
            raise Unfixable(f"{version} does not report {where} in this text")
        if not place.get("fixable"):
            raise Unfixable(f"{version} offers no fix for {where} (only a person can change it)")
    output = answer.get("output")
    return output if isinstance(output, str) else text
