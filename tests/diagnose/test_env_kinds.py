"""The resolver, runner, CI-environment and linter kinds on the wordings their tools and
the runner print beyond the corpus's (each line as the tool or GitHub writes it), and the
unknown fallback's choice of the decisive line."""

from __future__ import annotations

import pytest

from fixer.model import Finding
from tests.support.diag import diagnose_jobs, findings
from tests.support.ghlog import Job


def one(output: list[str], command: str = "make check", exit_code: int = 1) -> Finding:
    (finding,) = findings(output, command, exit_code)
    return finding


@pytest.mark.parametrize(
    ("lines", "service", "host", "port"),
    [
        pytest.param(
            [
                "psql: error: could not connect to server: Connection refused",
                '\tIs the server running on host "localhost" (127.0.0.1) and accepting',
                "\tTCP/IP connections on port 5432?",
            ],
            "PostgreSQL",
            "localhost",
            "5432",
            id="libpq-before-14",
        ),
        pytest.param(
            ["Error: connect ECONNREFUSED 127.0.0.1:6379"], "Redis", "127.0.0.1", "6379", id="node"
        ),
        pytest.param(
            ["OSError: Multiple exceptions: [Errno 111] Connect call failed ('127.0.0.1', 5432)"],
            "PostgreSQL",
            "127.0.0.1",
            "5432",
            id="asyncpg",
        ),
        pytest.param(
            ["curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused"],
            "The server",
            "localhost",
            "8080",
            id="curl",
        ),
    ],
)
def test_connection_refused(lines: list[str], service: str, host: str, port: str) -> None:
    f = one(lines)
    assert f.kind == "service.connection-refused"
    assert (f.details["service"], f.details["host"], f.details["port"]) == (service, host, port)


def test_a_bare_refusal_goes_when_the_step_names_the_server() -> None:
    f = one(
        [
            "ConnectionRefusedError: [Errno 111] Connection refused",
            "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379."
            " Connection refused.",
        ]
    )
    assert f.details["port"] == "6379"


def test_a_refusal_in_a_step_that_passed_is_no_cause() -> None:
    assert findings(["Connection refused, retrying in 1s", "connected"], exit_code=0) == []


@pytest.mark.parametrize(
    ("line", "url", "permission"),
    [
        pytest.param(
            "HTTP 403: Resource not accessible by integration"
            " (https://api.github.com/repos/octo/app/pulls/7/reviews)",
            "https://api.github.com/repos/octo/app/pulls/7/reviews",
            "pull-requests: write",
            id="gh",
        ),
        pytest.param(
            'github.GithubException.GithubException: 403 {"message": "Resource not accessible'
            ' by integration", "documentation_url": "https://docs.github.com/rest/reference/pulls'
            '#update-a-pull-request"}',
            "",
            "",
            id="pygithub",
        ),
    ],
)
def test_token_permissions(line: str, url: str, permission: str) -> None:
    f = one([line], "python label.py")
    assert f.kind == "github.token-permissions"
    assert f.details.get("url", "") == url
    assert f.details.get("permission", "") == permission


@pytest.mark.parametrize(
    ("line", "registry", "reason"),
    [
        pytest.param(
            'Error response from daemon: Get "https://ghcr.io/v2/": denied: denied',
            "ghcr.io",
            "denied: denied",
            id="ghcr",
        ),
        pytest.param(
            'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized:'
            " incorrect username or password",
            "registry-1.docker.io",
            "unauthorized: incorrect username or password",
            id="docker-hub",
        ),
    ],
)
def test_docker_login(line: str, registry: str, reason: str) -> None:
    f = one([line], "docker login ghcr.io -u octo --password-stdin")
    assert (f.kind, f.tool) == ("registry.login-failed", "docker")
    assert (f.details["registry"], f.details["reason"]) == (registry, reason)


def test_npm_e401_before_npm_10() -> None:
    f = one(
        [
            "npm ERR! code E401",
            "npm ERR! 401 Unauthorized - GET https://npm.pkg.github.com/@octo%2fui-kit -"
            " authentication token not provided",
        ],
        "npm ci",
    )
    assert f.details["registry"] == "npm.pkg.github.com"
    assert len(f.evidence) == 2


def test_the_runner_shutdown_signal() -> None:
    f = one(
        [
            "##[error]The runner has received a shutdown signal. This can happen when the runner"
            " service is stopped, or a manually started runner is canceled."
        ],
        exit_code=143,
    )
    assert f.kind == "actions.killed"


def test_an_exit_code_that_is_no_signal_is_not_a_kill() -> None:
    (f,) = findings(["make: *** [check] Error 2"], exit_code=2)
    assert f.kind == "unknown"


@pytest.mark.parametrize(
    ("line", "scope", "limit"),
    [
        pytest.param("##[error]The action has timed out.", "step", None, id="older-runner"),
        pytest.param(
            "##[error]The job has exceeded the maximum execution time of 10m0s",
            "job",
            "10m0s",
            id="newer-runner",
        ),
    ],
)
def test_timeouts(line: str, scope: str, limit: str | None) -> None:
    job = Job("e2e")
    job.setup()
    job.run(None, "npm test", ["RUNS  tests/api.test.js", line], exit_code=0)
    (f,) = diagnose_jobs(job).findings
    assert (f.kind, f.details["scope"], f.details.get("limit")) == ("actions.timeout", scope, limit)


def test_a_tools_own_timeout_words_are_not_the_runners() -> None:
    (f,) = findings(["The action has timed out."], "node poll.js")
    assert f.kind == "unknown"


def test_uv_before_0_12_wraps_the_python_derivation() -> None:
    f = one(
        [
            "  × No solution found when resolving dependencies:",
            "  ╰─▶ Because the current Python version (3.11.7) does not satisfy Python>=3.12",
            "      and ledger==0.3.0 depends on Python>=3.12, we can conclude that",
            "      ledger==0.3.0 cannot be used.",
        ],
        "uv pip install -e .",
    )
    assert f.kind == "python.requires-python"
    assert (f.details["python"], f.details["requires"], f.details["package"]) == (
        "3.11.7",
        ">=3.12",
        "ledger",
    )


def test_poetry_2_current_python_not_allowed() -> None:
    f = one(
        ["Current Python version (3.11.7) is not allowed by the project (>=3.12)."],
        "poetry install",
    )
    assert (f.kind, f.tool, f.details["requires"]) == ("python.requires-python", "poetry", ">=3.12")


def test_pip_conflict_between_two_packages() -> None:
    f = one(
        [
            "ERROR: Cannot install fastapi==0.100.0 and pydantic-settings==2.0.0 because these"
            " package versions have conflicting dependencies.",
            "",
            "The conflict is caused by:",
            "    fastapi 0.100.0 depends on pydantic!=1.8,!=1.8.1,<2.0.0 and >=1.7.4",
            "    pydantic-settings 2.0.0 depends on pydantic>=2.0b3",
            "",
            "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/"
            "dependency-resolution/#dealing-with-dependency-conflicts",
        ],
        "pip install -r requirements.txt",
    )
    assert (f.kind, f.details["requirement"]) == ("pip.resolution-impossible", "fastapi==0.100.0")


@pytest.mark.parametrize(
    ("line", "code", "column"),
    [
        pytest.param("./pkg/app.py:3: [E302] expected 2 blank lines, found 1", "E302", None),
        pytest.param("./pkg/app.py:3:1: E302 expected 2 blank lines, found 1", "E302", 1),
    ],
)
def test_flake8_forms(line: str, code: str, column: int | None) -> None:
    f = one([line], "flake8 .")
    assert (f.kind, f.code, f.line, f.column) == ("flake8.rule", code, 3, column)


def test_ruffs_lines_are_not_flake8s() -> None:
    got = findings(["src/app.py:3:1: E302 Expected 2 blank lines, found 1"], "ruff check .")
    assert got and all(f.kind != "flake8.rule" for f in got)


def test_pylint_parseable() -> None:
    f = one(
        ["pkg/app.py:1: [C0114(missing-module-docstring), ] Missing module docstring"], "pylint pkg"
    )
    assert (f.kind, f.code, f.details["symbol"]) == (
        "pylint.rule",
        "C0114",
        "missing-module-docstring",
    )


def test_eslint_compact_any_rule() -> None:
    f = one(
        [
            "/home/runner/work/app/app/src/cart.js: line 10, col 3, Error - Unexpected console"
            " statement. (no-console)"
        ],
        "npx eslint --format compact src",
    )
    assert (f.kind, f.code, f.line, f.column) == ("eslint.rule", "no-console", 10, 3)


def test_eslint_warnings_count_under_max_warnings() -> None:
    out = [
        "/home/runner/work/app/app/src/cart.js",
        "  5:7  warning  'currency' is never reassigned. Use 'const' instead  prefer-const",
    ]
    assert [f.kind for f in findings(out, "npx eslint --max-warnings 0 src")] == ["eslint.rule"]
    assert [f.kind for f in findings(out, "npx eslint src")] == ["unknown"]


def test_unknown_names_the_error_not_a_later_warning_or_notice() -> None:
    f = one(
        [
            "Traceback (most recent call last):",
            '  File "/home/runner/work/app/app/seed.py", line 3, in <module>',
            "KeyError: 'DATABASE_URL'",
            'time="2025-12-23T18:56:40Z" level=warning msg="/home/runner/work/app/app/'
            'docker-compose.yml: the attribute `version` is obsolete, it will be ignored"',
            " Container app-db-1  Stopping",
            " Container app-db-1  Stopped",
            "npm warn deprecated inflight@1.0.6: This module is not supported",
            "+    if status == 'failed':",
        ],
        "python seed.py",
    )
    assert f.kind == "unknown"
    assert f.message.endswith("KeyError: 'DATABASE_URL'")
    assert all("level=warning" not in e.text and "failed" not in e.text for e in f.evidence)
