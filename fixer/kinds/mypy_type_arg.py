"""``mypy.type-arg``: a generic used without its type arguments (``-> dict:``)."""

from __future__ import annotations

from collections.abc import Sequence

from fixer.diagnose.mypy import MypyParser
from fixer.kinds.base import Kind, per_file, where
from fixer.model import Finding


class MypyTypeArg(Kind):
    id = "mypy.type-arg"
    title = "Missing type arguments for a generic type"
    parser = MypyParser
    recognizes = 'mypy: `Missing type parameters/arguments for generic type "dict"  [type-arg]`'
    change = (
        "arguments are `Any` unless the code shows them: `-> dict[str, Any]` when the"
        " function returns dicts with string keys, `**kwargs` or `json.loads(...)`;"
        " `IO[str]`/`IO[bytes]` for text/binary streams (`open` modes,"
        ' `io.StringIO`/`BytesIO`, `sys.stdout`); `Pattern[str]` for `re.compile("...")`;'
        " `os.PathLike[str]` for `Path(...)`; mypy proves each choice, else the `all-any`"
        " fallback (`dict[Any, Any]`, `list[Any]`, `tuple[Any, ...]`, `Callable[..., Any]`)"
        " is tried. `Any` is imported the way the module imports from `typing` (a `from"
        " typing import` line that grows past the project's line length is wrapped as ruff"
        " format would). A bare generic in a `# type:` comment (an assignment's, a"
        " parameter's or a signature's `(list, int) -> Dict`, as Python's parser reads"
        " them) is rewritten inside the comment's text only, a trailing `# noqa` kept, with"
        " typing's names (`List[Any]`) where mypy checks for a Python before 3.9 without"
        " `from __future__ import annotations`; an import that only a type comment would"
        " use is refused, since ruff and flake8 do not read type comments and would call it"
        " unused. Where a type expression is evaluated when the code runs (annotations"
        " without `from __future__ import annotations`, and always class bases, `cast()`,"
        " `TypeVar` bounds, aliases, `NamedTuple`/`TypedDict` fields) and the project"
        " supports a Python older than its `X[...]` needs, typing's name is written"
        " (`Dict[...]`, `Callable[...]`, `Pattern[...]`), or a string annotation"
        ' (`"os.PathLike[Any]"`); the floor is the lowest Python of `requires-python`,'
        " Poetry's `python`, `python_requires` (setup.cfg, setup.py read with `ast`) and"
        " trove classifiers (mypy's `python_version` counts only where it is older)"
    )
    codemods = ("fixer.codemods.python.type_arg:TypeArg",)
    facts = frozenset({"min_python", "mypy_python", "line_length", "star_importers"})
    strategies = (None, "all-any")  # every argument Any when mypy refuses the first choice
    verifier = "mypy"

    def cause(self, finding: Finding) -> tuple[object, ...]:
        """The bare generics of one file are one cause (their fix is one change)."""
        return per_file(finding)

    topic = "types"

    def subject(self, findings: Sequence[Finding]) -> str:
        generics = {f.details.get("generic", "") for f in findings}
        if len(findings) == 1 and all(generics):
            return f"add type arguments to the bare {generics.pop()}{where(findings)}"
        n = len(findings)
        what = "a bare generic" if n == 1 else f"{n} bare generics"
        return f"add type arguments to {what}{where(findings)}"
