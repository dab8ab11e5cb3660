"""Every registered codemod's examples, run as tests.

For each example: the expected output (or :class:`Skip`), the output re-parses in its
language, a second pass with the same findings changes nothing, and a no-op example
comes back byte-identical.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import get_args

import libcst
import pytest
import tomlkit

import fixer.codemods
from fixer.codemods.base import Codemod, Example, Language, Skip
from fixer.codemods.registry import CODEMODS as REGISTERED
from fixer.jsparse import has_syntax_errors


def _defined() -> list[type[Codemod]]:
    """Every concrete codemod class in the package, found by walking it."""
    found: dict[str, type[Codemod]] = {}
    for info in pkgutil.walk_packages(fixer.codemods.__path__, "fixer.codemods."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, Codemod)
                and not inspect.isabstract(obj)
                and obj.__module__ == module.__name__
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return sorted(found.values(), key=lambda codemod: codemod.id)


CODEMODS = sorted((type(c) for c in REGISTERED), key=lambda codemod: codemod.id)
EXAMPLES = [(codemod, example) for codemod in CODEMODS for example in codemod.examples]


def _reparse(language: Language, text: str, path: str) -> None:
    if language == "python":
        libcst.parse_module(text)
    elif language == "toml":
        tomlkit.parse(text)
    elif language == "javascript":
        assert not has_syntax_errors(text, path), "the output has syntax errors"


def test_every_codemod_is_registered() -> None:
    assert [c.__qualname__ for c in _defined()] == [c.__qualname__ for c in CODEMODS]


def test_codemods_are_found() -> None:
    ids = {codemod.id for codemod in CODEMODS}
    assert {"type_arg", "unused_import", "ignore_untyped_import"} <= ids
    assert len(ids) == len(CODEMODS), "two codemods share an id"


@pytest.mark.parametrize("codemod", CODEMODS, ids=lambda codemod: codemod.id)
def test_codemod_shape(codemod: type[Codemod]) -> None:
    assert codemod.id == codemod.__module__.rsplit(".", 1)[-1]
    assert codemod.handles, "handles no finding kind"
    assert codemod.language in get_args(Language)
    examples = codemod.examples
    assert len(examples) >= 3, "fewer than 3 examples"
    assert any(e.after == e.before and not e.skip for e in examples), "no no-op example"
    assert len({e.id for e in examples}) == len(examples), "example ids repeat"
    for example in examples:
        assert example.findings, f"{example.id}: no finding"
        assert {f.kind for f in example.findings} <= codemod.handles, example.id


@pytest.mark.parametrize(
    ("codemod", "example"),
    EXAMPLES,
    ids=[f"{codemod.id}:{example.id}" for codemod, example in EXAMPLES],
)
def test_example(codemod: type[Codemod], example: Example) -> None:
    fixer_ = codemod()
    if example.skip:
        with pytest.raises(Skip) as skipped:
            fixer_.transform(example.before, example.findings, example.context)
        assert skipped.value.reason, "a Skip must say why"
        return
    assert fixer_.applies_to(example.path)
    after = fixer_.transform(example.before, example.findings, example.context)
    assert after == example.after
    if example.after == example.before:
        assert after.encode() == example.before.encode(), "a no-op must be byte-identical"
    again = fixer_.transform(after, example.findings, example.context)
    assert again == after, "a second pass changed the output"
    _reparse(codemod.language, after, example.path)
