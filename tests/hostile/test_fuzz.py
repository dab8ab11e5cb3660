"""Property-based hostile input: fuzzed logs and archives through ``fixer diagnose`` in
every format, and generated Python (hypothesmith) through the codemods. No traceback, no
secret in any output, valid JSON, one line for bad input, no crash and no partial edit.

The examples here are few, to keep the suite fast; ``bench/hostile.py --n 10000`` runs
the same properties on many more (docs/security.md has its figures)."""

from __future__ import annotations

from pathlib import Path

import hypothesmith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixer.codemods.python.type_arg import TypeArg
from fixer.codemods.python.unused_import import UnusedImport
from tests.support.hostile_props import (
    archives,
    codemod_problems,
    diagnose_problems,
    logs,
    type_arg_case,
    unused_import_case,
)

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(log=logs())
def test_a_fuzzed_log(tmp_path_factory, log: tuple[bytes, list[str]]) -> None:  # type: ignore[no-untyped-def]
    data, planted = log
    path = Path(tmp_path_factory.mktemp("log")) / "job.log"
    path.write_bytes(data)
    assert diagnose_problems(path, planted) == []


@FUZZ
@given(data=archives())
def test_a_damaged_or_malicious_archive(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("zip")) / "logs.zip"
    path.write_bytes(data)
    assert diagnose_problems(path) == []


@FUZZ
@given(source=hypothesmith.from_grammar(), which=st.sampled_from(["type_arg", "unused_import"]))
def test_generated_python_through_the_codemods(source: str, which: str) -> None:
    if which == "type_arg":
        text, finding = type_arg_case(source)
        assert codemod_problems(TypeArg(), text, finding) == []
    else:
        text, finding = unused_import_case(source)
        assert codemod_problems(UnusedImport(), text, finding) == []
