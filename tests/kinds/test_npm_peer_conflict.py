"""npm.peer-conflict: the range that excludes the project's version, in both of npm's
ERESOLVE wordings; npm's own warning about an overridden peer range is no failure."""

from __future__ import annotations

from pathlib import Path

from fixer.app import diagnose_logs
from fixer.model import Finding

STAMP = "2026-04-08T07:11:55.7395817Z "


def _runner_log(tmp_path: Path, npm_lines: list[str], code: int) -> Path:
    lines = ["##[group]Run npm install", "npm install", "##[endgroup]", *npm_lines]
    if code:
        lines.append(f"##[error]Process completed with exit code {code}.")
    log = tmp_path / "job.log"
    log.write_text("".join(f"{STAMP}{line}\n" for line in lines), encoding="utf-8")
    return log


def _findings(log: Path) -> list[Finding]:
    return [f for f in diagnose_logs([str(log)]).findings if f.kind == "npm.peer-conflict"]


# npm 11's words when a package deeper in the tree declares the peer range
COULD_NOT = """npm error code ERESOLVE
npm error ERESOLVE could not resolve
npm error
npm error While resolving: vite-plugin-checker@0.6.0
npm error Found: vite@8.0.3
npm error node_modules/vite
npm error   dev vite@"^8.0.3" from the root project
npm error
npm error Could not resolve dependency:
npm error peer vite@">=2.0.0 <8" from vite-plugin-checker@0.6.0
npm error node_modules/vite-plugin-checker
npm error   dev vite-plugin-checker@"^0.6.0" from the root project
npm error
npm error Conflicting peer dependency: vite@7.3.2
npm error
npm error Fix the upstream dependency conflict, or retry
npm error this command with --force or --legacy-peer-deps
npm error to accept an incorrect (and potentially broken) dependency resolution.
npm error A complete log of this run can be found in: /home/runner/.npm/_logs/x-debug-0.log
""".splitlines()


def test_could_not_resolve_names_the_package_and_its_range(tmp_path: Path) -> None:
    (found,) = _findings(_runner_log(tmp_path, COULD_NOT, 1))
    assert found.details == {
        "package": "vite-plugin-checker@0.6.0",
        "found": "vite@8.0.3",
        "dep": "vite",
        "range": ">=2.0.0 <8",
        "by": "vite-plugin-checker@0.6.0",
    }
    assert [e.text for e in found.evidence] == [
        "npm error code ERESOLVE",
        'npm error peer vite@">=2.0.0 <8" from vite-plugin-checker@0.6.0',
        "npm error Found: vite@8.0.3",
        "npm error While resolving: vite-plugin-checker@0.6.0",
    ]
    assert "upgrade `vite-plugin-checker`" in found.fix and not found.fixable
    assert "complete log" not in found.message


def test_npm_err_before_npm_10(tmp_path: Path) -> None:
    old = [line.replace("npm error", "npm ERR!", 1) for line in COULD_NOT]
    (found,) = _findings(_runner_log(tmp_path, old, 1))
    assert (found.details["dep"], found.details["by"]) == ("vite", "vite-plugin-checker@0.6.0")


# npm 11.19.1, `npm install --package-lock-only` over a lock of react 17 after package.json
# moved react to ^18.3.1: it overrides the peer range, warns and succeeds
OVERRIDDEN = """npm warn ERESOLVE overriding peer dependency
npm warn While resolving: storefront@1.0.0
npm warn Found: react@17.0.2
npm warn node_modules/react
npm warn   react@"^18.3.1" from the root project
npm warn   1 more (react-dom)
npm warn
npm warn Could not resolve dependency:
npm warn peer react@"17.0.2" from react-dom@17.0.2
npm warn node_modules/react-dom
npm warn   react-dom@"17.0.2" from the root project
up to date in 861ms
""".splitlines()


def test_the_overriding_warning_is_no_failure(tmp_path: Path) -> None:
    log = _runner_log(tmp_path, OVERRIDDEN, 0)
    assert _findings(log) == []
    assert diagnose_logs([str(log)]).findings == ()
