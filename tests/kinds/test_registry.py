"""The kind registry is complete: every kind a parser reports has its module, every module
is reached by a real log, and the README's kind tables are the ones the kinds give."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import fixer.kinds
from fixer.app import diagnose_logs
from fixer.kinds import all_kinds, kind_of, module_name, parsers
from fixer.kinds._table import section, tables
from fixer.kinds.base import Kind

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
LOGS = sorted(
    [p / "job.log" for p in (FIXTURES / "logs").iterdir() if (p / "job.log").is_file()]
    + [p / "logs" for p in FIXTURES.iterdir() if (p / "expected.json").is_file()]
)
KINDS = all_kinds()


@pytest.fixture(scope="module")
def seen() -> dict[str, list[str]]:
    """The kinds the real logs of the fixtures show, with the logs that show them."""
    found: dict[str, list[str]] = {}
    for log in LOGS:
        for finding in diagnose_logs([str(log)]).findings:
            found.setdefault(finding.kind, []).append(log.parent.name)
    return found


def test_the_walk_finds_every_module() -> None:
    names = [
        info.name.rsplit(".", 1)[-1]
        for info in pkgutil.walk_packages(fixer.kinds.__path__)
        if not info.name.startswith("_") and info.name != "base"
    ]
    assert sorted(names) == sorted(module_name(k.id) for k in KINDS)
    assert len(KINDS) >= 10


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.id)
def test_kind_shape(kind: Kind) -> None:
    assert type(kind).__module__ == f"fixer.kinds.{module_name(kind.id)}"
    assert kind.title and kind.recognizes
    assert kind_of(kind.id) is kind
    if kind.has_transform:
        assert kind.change, "a kind with a transform says what it changes"
        assert kind.verifier, "a fix no tool proves is never verified"
        assert kind.transforms(), kind.codemods
    else:
        assert kind.not_fixable, "a kind without a transform says why"
        assert not (kind.facts or kind.verifier or kind.precondition)
    if kind.parser is not None:
        assert kind.id in kind.parser.emits, f"{kind.parser.__name__} does not report it"


def test_every_kind_a_parser_reports_has_its_module() -> None:
    for parser in parsers():
        for kind_id in parser.emits:
            assert kind_of(kind_id).parser is parser, kind_id
    named = {k.parser for k in KINDS if k.parser is not None}
    assert set(parsers()) == named
    assert [k.id for k in KINDS if k.parser is None] == ["unknown"]  # the aggregation's


def test_every_kind_the_logs_show_is_known(seen: dict[str, list[str]]) -> None:
    emitted = {kind_id for p in parsers() for kind_id in p.emits} | {"unknown"}
    assert set(seen) <= emitted


def test_every_kind_is_reached_by_a_real_log(seen: dict[str, list[str]]) -> None:
    missing = [k.id for k in KINDS if k.id not in seen]
    assert not missing, f"no fixture log shows {missing}"


def test_every_transform_is_named_by_a_kind() -> None:
    import fixer.codemods
    from fixer.codemods.base import Codemod

    defined = set()
    for info in pkgutil.walk_packages(fixer.codemods.__path__, "fixer.codemods."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            mine = obj.__module__ == module.__name__
            if mine and issubclass(obj, Codemod) and not inspect.isabstract(obj):
                defined.add(f"{obj.__module__}:{obj.__qualname__}")
    assert defined == {spec for k in KINDS for spec in k.codemods}


def test_readme_tables_are_the_kinds() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table in tables():
        header = table.splitlines()[0]
        assert section(readme, header) == table, (
            f"the README's {header!r} table differs from the kinds': "
            "paste the output of `python -m fixer.kinds --markdown`"
        )
