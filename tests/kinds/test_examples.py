"""Every kind's examples, run as tests: the examples of the transforms each kind names.

For each example: the expected output (or :class:`Skip`), the output re-parses in its
language, a second pass with the same findings changes nothing, and a no-op example
comes back byte-identical. A kind with a transform has examples of each sort.
"""

from __future__ import annotations

import json
from typing import get_args

import libcst
import pytest
import tomlkit

from fixer.codemods.base import Codemod, Example, Language, Skip
from fixer.jsparse import has_syntax_errors
from fixer.kinds import all_kinds
from fixer.kinds.base import Kind

FIXING = [k for k in all_kinds() if k.has_transform]


def _examples(kind: Kind) -> list[tuple[Codemod, Example]]:
    """The examples of the kind's transforms whose findings are of this kind."""
    return [
        (codemod, example)
        for codemod in kind.transforms()
        for example in codemod.examples
        if all(f.kind == kind.id for f in example.findings)
    ]


EXAMPLES = [(kind, codemod, example) for kind in FIXING for codemod, example in _examples(kind)]


def _reparse(language: Language, text: str, path: str) -> None:
    if language == "python":
        libcst.parse_module(text)
    elif language == "toml":
        tomlkit.parse(text)
    elif language == "javascript":
        assert not has_syntax_errors(text, path), "the output has syntax errors"
    elif language == "json":
        json.loads(text)


@pytest.mark.parametrize("kind", FIXING, ids=lambda kind: kind.id)
def test_kind_has_examples(kind: Kind) -> None:
    examples = [e for _, e in _examples(kind)]
    assert any(e.after != e.before for e in examples), "no example it fixes"
    assert any(e.after == e.before and not e.skip for e in examples), "no no-op example"
    for codemod in kind.transforms():
        assert codemod.language in get_args(Language)
        assert codemod.id == type(codemod).__module__.rsplit(".", 1)[-1]
        assert len(codemod.examples) >= 3, f"{codemod.id}: fewer than 3 examples"
        ids = [e.id for e in codemod.examples]
        assert len(set(ids)) == len(ids), f"{codemod.id}: example ids repeat"
        for example in codemod.examples:
            assert example.findings, f"{example.id}: no finding"
            kinds = {f.kind for f in example.findings}
            assert all(
                any(spec.endswith(f":{type(codemod).__name__}") for spec in k.codemods)
                for k in all_kinds()
                if k.id in kinds
            ), example.id


@pytest.mark.parametrize(
    ("kind", "codemod", "example"),
    EXAMPLES,
    ids=[f"{kind.id}:{codemod.id}:{example.id}" for kind, codemod, example in EXAMPLES],
)
def test_example(kind: Kind, codemod: Codemod, example: Example) -> None:
    if example.skip:
        with pytest.raises(Skip) as skipped:
            codemod.transform(example.before, example.findings, example.context)
        assert skipped.value.reason, "a Skip must say why"
        return
    assert codemod.applies_to(example.path)
    after = codemod.transform(example.before, example.findings, example.context)
    assert after == example.after
    if example.after == example.before:
        assert after.encode() == example.before.encode(), "a no-op must be byte-identical"
    again = codemod.transform(after, example.findings, example.context)
    assert again == after, "a second pass changed the output"
    _reparse(codemod.language, after, example.path)
