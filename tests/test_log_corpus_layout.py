"""The job-log corpus in fixtures/logs/ is laid out as its README says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"
CASES = sorted(p for p in LOGS.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))

KINDS = {
    "mypy.type-arg": ("mypy", {"generic"}, {"end_line", "end_column"}),
    "mypy.error": ("mypy", set(), {"end_line", "end_column"}),
    "mypy.import-untyped": ("mypy", {"module"}, {"stub"}),
    "pip.no-matching-distribution": ("pip|uv|poetry", {"name", "requirement"}, {"extra", "group"}),
    "pip.resolution-impossible": (
        "pip|uv|poetry",
        {"name", "requirement"},
        {"conflict", "conflicts_with"},
    ),
    "python.requires-python": ("pip|uv|poetry", {"python", "requires"}, {"package"}),
    "poetry.package-not-found": ("poetry", {"package", "form"}, {"poetry_version"}),
    "uv.lock-outdated": ("uv", {"flag"}, {"tool_version"}),
    "poetry.lock-outdated": ("poetry", {"advice"}, {"tool_version"}),
    "eslint.no-unused-vars": ("eslint", {"name", "binding"}, set()),
    "ruff.F401": ("ruff", {"name"}, {"ruff_fixable"}),
    "flake8.F401": ("flake8", {"name"}, set()),
    "ruff.format": ("ruff", set(), {"tool_version"}),
    "black.format": ("black", set(), {"tool_version"}),
    "prettier.format": ("prettier", set(), {"tool_version", "script"}),
    "pre-commit.hook": (
        "pre-commit",
        {"hook", "hook_name"},
        {"exit_code", "files_from", "pre_commit_version"},
    ),
    "isort.imports": ("isort", set(), {"tool_version"}),
    "ruff.rule": ("ruff", set(), {"ruff_fixable", "tool_version"}),
    "actions.unresolvable-action": ("actions", {"action", "reason"}, {"ref"}),
    "pytest.test-failed": (
        "pytest",
        {"node_id", "outcome"},
        {"exception", "exception_type", "phase", "crash"},
    ),
    "pytest.collection-error": (
        "pytest",
        {"node_id", "phase"},
        {"exception", "exception_type", "missing_module", "crash"},
    ),
    "coverage.fail-under": ("coverage", {"required", "total", "form"}, {"most_missed"}),
    "tsc.error": ("tsc", {"code"}, {"name", "binding", "imports"}),
    "vitest.test-failed": (
        "vitest",
        {"file"},
        {"test", "suite", "error", "error_type", "expected", "received", "raised_at"},
    ),
    "jest.test-failed": (
        "jest",
        {"file"},
        {"test", "suite", "error", "expected", "received", "raised_at", "snapshot"},
    ),
    "playwright.test-failed": (
        "playwright",
        {"file", "test", "declared_at"},
        {"project", "error", "expected", "received", "raised_at"},
    ),
    "actions.killed": ("actions", {"step"}, {"exit_code", "signal"}),
    "actions.timeout": ("actions", {"scope", "step"}, {"limit"}),
    "actions.cancelled": ("actions", {"step"}, set()),
    "service.connection-refused": ("service", {"service"}, {"host", "port"}),
    "github.token-permissions": ("github", {"status"}, {"url", "permission"}),
    "registry.login-failed": ("npm|docker", {"registry", "reason"}, set()),
    "npm.lock-out-of-sync": ("npm", {"packages"}, {"missing", "invalid", "npm_version"}),
    "npm.peer-conflict": ("npm", set(), {"package", "found", "dep", "range", "by"}),
    "actions.deprecated-action": ("actions", {"action", "ref"}, {"notice"}),
    "flake8.rule": ("flake8", set(), set()),
    "pylint.rule": ("pylint", {"symbol", "severity"}, set()),
    "eslint.rule": ("eslint", {"severity"}, {"eslint_fixable"}),
    "unknown": ("unknown", {"step", "exit_code"}, set()),
}
FINDING_KEYS = {
    "kind",
    "tool",
    "raw_path",
    "line",
    "column",
    "code",
    "fixable",
    "details",
    "message",
    "evidence",
}
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|\x1b\([AB0-2]")
STAMP = re.compile(rb"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z ")


def test_corpus_has_cases() -> None:
    assert len(CASES) >= 16
    assert (LOGS / "README.md").is_file()
    assert (LOGS / "make.py").is_file()


def test_readme_lists_every_case() -> None:
    readme = (LOGS / "README.md").read_text(encoding="utf-8")
    for case in CASES:
        assert f"`{case.name}`" in readme, case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_case_layout(case: Path) -> None:
    log = case / "job.log"
    assert log.is_file()
    data = log.read_bytes()
    assert data, "empty job.log"
    if data.startswith(b"\xef\xbb\xbf"):  # a runner log: every line is timestamped ...
        annotation = False
        for raw in data[3:].split(b"\n")[:-1]:
            stamped = STAMP.match(raw)
            # ... but the runner writes an annotation's multi-line message as one entry
            assert stamped or annotation, raw[:80]
            if stamped:
                annotation = raw[stamped.end() :].startswith((b"##[error]", b"##[warning]"))
    project = case / "project"
    if project.exists():
        assert project.is_dir()
        assert not (project / ".git").exists()
        assert any(p.is_file() for p in project.rglob("*"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_expected_schema(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert set(expected) == {"job", "findings", "status"}
    assert isinstance(expected["job"], str) and expected["job"]
    assert expected["status"] in {"failed", "cancelled", "succeeded"}
    assert isinstance(expected["findings"], list)
    for finding in expected["findings"]:
        assert set(finding) <= FINDING_KEYS
        assert {"kind", "tool", "fixable", "details"} <= set(finding)
        kind = finding["kind"]
        assert kind in KINDS, kind
        tools, required, optional = KINDS[kind]
        assert re.fullmatch(tools, finding["tool"]), finding
        assert isinstance(finding["fixable"], bool)
        details = finding["details"]
        assert required <= set(details) <= required | optional, (kind, sorted(details))
        assert all(isinstance(v, str) for v in details.values())
        for key in ("line", "column"):
            assert finding.get(key) is None or isinstance(finding[key], int)
        evidence = finding.get("evidence", [])
        assert isinstance(evidence, list) and all(isinstance(t, str) and t for t in evidence)
        # evidence is the line's text as read: without the colour the log may hold
        log = ANSI.sub("", (case / "job.log").read_bytes().decode("utf-8", "replace"))
        assert all(t in log for t in evidence), evidence
        raw_path = finding.get("raw_path")
        assert raw_path is None or isinstance(raw_path, str)
        if raw_path is not None:
            assert raw_path.encode() in (case / "job.log").read_bytes(), raw_path
