"""Commit subjects and pull-request titles say what the fix does, in the maintainer's
words, from the kinds and the findings' details; never fixer's kind ids."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from fixer.kinds import all_kinds, subject
from fixer.model import Finding, Outcome
from fixer.report.fix import subject as commit_subject


def finding(kind: str, path: str | None, **details: str) -> Finding:
    tool = kind.split(".")[0]
    return Finding(kind, tool, "m", path=path, resolved=path is not None, details=details)  # type: ignore[arg-type]


def fixed(*findings: Finding) -> list[Outcome]:
    return [Outcome((f,), "fixed", "") for f in findings]


CASES: list[tuple[str, list[tuple[str | None, Mapping[str, str]]], str]] = [
    (
        "pip.no-matching-distribution",
        [("backend/pyproject.toml", {"name": "types-prometheus-client"})],
        "fix(ci): remove the unavailable types-prometheus-client requirement",
    ),
    (
        "pip.no-matching-distribution",
        [("pyproject.toml", {"name": "a"}), ("requirements.txt", {"name": "b"})],
        "fix(ci): remove the unavailable a and b requirements",
    ),
    (
        "mypy.type-arg",
        [("storefront/models.py", {"generic": "dict"})] * 3,
        "fix(types): add type arguments to 3 bare generics in storefront/models.py",
    ),
    (
        "mypy.type-arg",
        [("app/io.py", {"generic": "list"})],
        "fix(types): add type arguments to the bare list in app/io.py",
    ),
    (
        "mypy.type-arg",
        [("a.py", {"generic": "list"}), ("b.py", {"generic": "dict"})],
        "fix(types): add type arguments to 2 bare generics in 2 files",
    ),
    (
        "mypy.type-arg",
        [("a.py", {})],
        "fix(types): add type arguments to a bare generic in a.py",
    ),
    (
        "ruff.F401",
        [("src/etl/load.py", {"name": "json"})],
        "fix(lint): remove the unused import json from src/etl/load.py",
    ),
    (
        "flake8.F401",
        [("src/etl/load.py", {"name": "json"}), ("src/etl/load.py", {"name": "os"})],
        "fix(lint): remove 2 unused imports from src/etl/load.py",
    ),
    (
        "eslint.no-unused-vars",
        [("frontend/src/components/ReadyBadge.test.jsx", {"name": "React"})],
        "fix(lint): remove the unused import React from ReadyBadge.test.jsx",
    ),
    (
        "mypy.import-untyped",
        [("app/conf.py", {"module": "yaml"})],
        "fix(types): ignore the missing stubs of yaml in app/conf.py",
    ),
    (
        "poetry.package-not-found",
        [("backend/pyproject.toml", {"package": "tunix_rt_backend"})],
        "fix(build): tell Poetry about the package tunix_rt_backend in backend/pyproject.toml",
    ),
]


@pytest.mark.parametrize(("kind", "given", "expected"), CASES)
def test_subject_in_the_maintainers_words(
    kind: str, given: list[tuple[str | None, Mapping[str, str]]], expected: str
) -> None:
    outcomes = fixed(*(finding(kind, path, **details) for path, details in given))
    assert commit_subject(outcomes) == expected


def test_several_kinds_share_the_ci_scope_and_fit_one_line() -> None:
    outcomes = fixed(
        finding("poetry.package-not-found", "backend/pyproject.toml", package="tunix_rt_backend"),
        finding("eslint.no-unused-vars", "frontend/src/a.jsx", name="React"),
    )
    said = commit_subject(outcomes)
    assert said == (
        "fix(ci): tell Poetry about the package tunix_rt_backend in "
        "backend/pyproject.toml, and 1 more fix"
    )
    two = commit_subject(fixed(finding("ruff.F401", "a.py", name="os"), finding("x.y", "a.py")))
    assert two == "fix(ci): remove the unused import os from a.py; fix 1 x.y finding"


def test_every_kind_says_what_it_does_without_its_id() -> None:
    for kind in all_kinds():
        f = finding(kind.id, "pkg/mod.py", name="x", module="x", generic="dict", package="x")
        topic, phrase = subject([f])
        assert topic.isidentifier() and phrase and kind.id not in phrase, kind.id
        assert phrase == phrase.strip() and phrase[0].islower(), kind.id
