import pytest

from fixer.logs.normalize import normalize, normalize_lines, parse_group


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        pytest.param(b"2025-12-23T18:56:42.8864463Z ERROR: x\n", "ERROR: x", id="timestamp"),
        pytest.param(b"\xef\xbb\xbf2025-12-23T18:56:33.6906083Z Current\n", "Current", id="bom"),
        pytest.param(b"\x1b[36;1mpython -m pip\x1b[0m", "python -m pip", id="ansi"),
        pytest.param(b"plain line\r\n", "plain line", id="crlf-no-timestamp"),
        pytest.param(b"M\x00backend/x\x00A\x00y", "M backend/x A y", id="nul-bytes"),
        pytest.param(b"caf\xe9 error", "caf\ufffd error", id="not-utf8"),
        pytest.param(b"2025-12-23T18:56:42Z no fraction", "no fraction", id="no-fraction"),
    ],
)
def test_normalize(raw: bytes, text: str) -> None:
    assert normalize(raw) == text


def test_parse_group_reads_script_shell_and_env() -> None:
    cmd = parse_group(
        [
            '##[group]Run cd ../backend && python -m pip install -e ".[dev]"',
            'cd ../backend && python -m pip install -e ".[dev]"',
            "echo done",
            "shell: /usr/bin/bash -e {0}",
            "env:",
            "  REDIAI_MODE: mock",
            "  DATABASE_URL: ***localhost:5432/postgres",
        ]
    )
    assert cmd.script == 'cd ../backend && python -m pip install -e ".[dev]"\necho done'
    assert cmd.shell == "/usr/bin/bash -e {0}"
    assert cmd.env == {"REDIAI_MODE": "mock", "DATABASE_URL": "***localhost:5432/postgres"}
    assert not cmd.uses


def test_parse_group_of_an_action() -> None:
    cmd = parse_group(["##[group]Run actions/checkout@v4", "with:", "  repository: o/r"])
    assert cmd.uses
    assert cmd.first_line == "actions/checkout@v4"


BLOCKS = [
    b"2025-12-23T18:56:42.8864463Z ERROR: x\n2025-12-23T18:56:42.8864464Z   more",
    b"\xef\xbb\xbf2025-12-23T18:56:33.6906083Z Current\nnext line without a timestamp",
    b"2025-12-23T18:56:24.5489658Z \x1b[36;1mBASE=1\x1b[0m\n\x1b(B\x1b[m plain\r\n",
    b"M\x00backend/x\x00A\x00y\ncaf\xe9 error\n\xf0\x9f\n2025-12-23T18:56:42Z no fraction",
    b"\n\n2025-12-23T18:56:42.1Z\n2025-12-23T18:56:42.1ZZ not twice\nend\n",
    b"text 2025-12-23T18:56:42.1Z mid-line stays\n\xef\xbb\xbf\xef\xbb\xbfdouble BOM",
]


@pytest.mark.parametrize("raw", BLOCKS)
def test_normalize_lines_is_normalize_of_each_line(raw: bytes) -> None:
    assert normalize_lines(raw) == [normalize(line) for line in raw.split(b"\n")]
