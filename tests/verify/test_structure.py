"""The parse check of a changed file: what parses, what does not, and what it loads."""

from __future__ import annotations

import subprocess
import sys

from fixer.verify.structure import parse_problem


def test_python_that_parses_has_no_problem() -> None:
    assert parse_problem("app/a.py", 'import re\nPAT = re.compile("\\d+")\n') is None


def test_python_that_does_not_parse_is_a_problem() -> None:
    problem = parse_problem("app/a.py", "def f(:\n    pass\n")
    assert problem is not None and problem.startswith("app/a.py no longer parses")


def test_nul_byte_is_a_problem() -> None:
    assert parse_problem("app/a.py", "x = 1\0\n") is not None


def test_older_python_syntax_is_left_to_libcst() -> None:
    # Python 2's print statement: not this interpreter's grammar, and not libcst's either
    assert parse_problem("app/a.py", 'print "hello"\n') is not None
    # a parenthesized context manager group, parsed by both
    assert parse_problem("app/a.py", "with (open('a') as f, open('b') as g):\n    pass\n") is None


def test_a_python_file_that_parses_loads_no_libcst() -> None:
    code = (
        "import sys\n"
        "from fixer.verify.structure import parse_problem\n"
        "assert parse_problem('a.py', 'x = 1\\n') is None\n"
        "print('libcst' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert out.stderr == ""
