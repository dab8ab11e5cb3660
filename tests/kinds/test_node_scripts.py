"""How a step ran a Node tool: directly, or through package scripts that run scripts."""

from __future__ import annotations

import json

import pytest

from fixer.kinds._node import ci_args, scripts_of
from fixer.kinds.prettier_format import script_of

PACKAGE = json.dumps(
    {
        "scripts": {
            "lint": "eslint src --max-warnings 0",
            "check": "npm run lint && npm run format:check",
            "format:check": "prettier --check 'src/**/*.{js,jsx}'",
            "ci": "yarn check",
        }
    }
)
SCRIPTS = scripts_of(PACKAGE)


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("npx eslint src", ["src"]),
        ("npm run lint", ["src", "--max-warnings", "0"]),
        ("npm run --silent lint", ["src", "--max-warnings", "0"]),
        ("npm run lint -- --quiet", ["src", "--max-warnings", "0", "--quiet"]),
        ("npm run lint --quiet", ["src", "--max-warnings", "0"]),  # npm keeps it for itself
        ("yarn lint --quiet", ["src", "--max-warnings", "0", "--quiet"]),
        ("pnpm run check", ["src", "--max-warnings", "0"]),
        ("yarn install && yarn ci", ["src", "--max-warnings", "0"]),
        ("npm test", None),
        ("npm install", None),
    ],
)
def test_eslint_arguments(command: str, args: list[str] | None) -> None:
    assert ci_args(command, "eslint", SCRIPTS) == args


@pytest.mark.parametrize(
    ("command", "script"),
    [
        ("npx prettier@3.3.3 --check .", "npx prettier@3.3.3 --check ."),
        ("npm run format:check", "prettier --check 'src/**/*.{js,jsx}'"),
        ("npm run --silent format:check", "prettier --check 'src/**/*.{js,jsx}'"),
        ("pnpm format:check", "prettier --check 'src/**/*.{js,jsx}'"),
        ("yarn ci", "prettier --check 'src/**/*.{js,jsx}'"),  # ci -> check -> format:check
        ("npm run lint", None),
        ("yarn install", None),
    ],
)
def test_prettier_script(command: str, script: str | None) -> None:
    assert script_of(command, PACKAGE) == script


def test_no_scripts_in_a_broken_manifest() -> None:
    assert scripts_of("{not json") == {}
    assert script_of("npm run format:check", "{not json") is None
