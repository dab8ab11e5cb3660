"""mypy: ``path:line[:col]: error: message  [code]``.

``[type-arg]`` (bare generics) and ``[import-untyped]`` (missing stubs) are fixable;
every other mypy error is reported as ``mypy.error`` so the report does not pretend a
partial fix turns the job green. mypy 1.x says "Missing type parameters", 2.x
"Missing type arguments": both are matched.
"""

from __future__ import annotations

import re

from fixer.diagnose.base import Hit, Parser, strip_marker
from fixer.model import Evidence, Finding

ERROR = re.compile(
    r"^(?P<path>(?:[A-Za-z]:)?[^:\s][^:]*?):(?P<line>\d+):(?:(?P<col>\d+):)?"
    r" error: (?P<msg>.*?)(?:\s{2}\[(?P<code>[a-z0-9-]+)\])?\s*$"
)
TYPE_ARG = re.compile(r'Missing type (?:parameters|arguments) for generic type "(?P<name>[\w.]+)"')
STUBS = re.compile(r'Library stubs not installed for "(?P<module>[\w.]+)"')
SKIPPING = re.compile(r'Skipping analyzing "(?P<module>[\w.]+)": module is installed')
HINT = re.compile(r'Hint: "?python3? -m pip install (?P<stub>types-[\w.-]+)"?')


def parse_error(text: str) -> re.Match[str] | None:
    """Match one mypy error line (also used to read verification runs)."""
    return ERROR.match(strip_marker(text))


class MypyParser(Parser):
    triggers = (b": error: ",)

    def feed(self, hit: Hit) -> None:
        match = parse_error(hit.text)
        if not match:
            return
        msg, code = match.group("msg"), match.group("code")
        type_arg = TYPE_ARG.search(msg)
        untyped = STUBS.search(msg) or SKIPPING.search(msg)
        if type_arg and code in (None, "type-arg"):
            name = type_arg.group("name")
            hit.report(
                _finding(
                    match,
                    "mypy.type-arg",
                    "type-arg",
                    True,
                    f'Give "{name}" its type arguments (e.g. {_example(name)}).',
                    {"generic": name},
                    name,
                )
            )
        elif untyped and code in (None, "import-untyped", "import"):
            self._untyped(hit, match, untyped.group("module"))
        else:
            fix = "Fix this type error by hand; fixer has no safe rewrite for it."
            hit.report(_finding(match, "mypy.error", code, False, fix, {}, None))

    @staticmethod
    def _untyped(hit: Hit, match: re.Match[str], module: str) -> None:
        details = {"module": module}
        extra: tuple[Evidence, ...] = ()
        for offset, line in enumerate(hit.after(3), start=1):
            hint = HINT.search(line)
            if hint:
                details["stub"] = hint.group("stub")
                extra = (hit.evidence(line, hit.line + offset),)
                break
            if " error: " in line:
                break
        stub = details.get("stub")
        fix = (
            f"Install the stub package {stub} where mypy runs, or mark the import "
            "`# type: ignore[import-untyped]`."
            if stub
            else f'"{module}" ships no types: mark the import `# type: ignore[import-untyped]`.'
        )
        finding = _finding(
            match, "mypy.import-untyped", "import-untyped", True, fix, details, module
        )
        hit.report(finding, extra=extra)


def _finding(
    match: re.Match[str],
    kind: str,
    code: str | None,
    fixable: bool,
    fix: str,
    details: dict[str, str],
    subject: str | None,
) -> Finding:
    path, line, col = match.group("path"), int(match.group("line")), match.group("col")
    return Finding(
        kind=kind,
        tool="mypy",
        message=match.group("msg"),
        path=path,
        raw_path=path,
        line=line,
        column=int(col) if col else None,
        code=code,
        fixable=fixable,
        fix=fix,
        details=details,
        ident=subject or "",  # mypy versions word messages differently
    )


def _example(name: str) -> str:
    short = name.rsplit(".", 1)[-1]
    if short.lower() == "dict":
        return f"{short}[str, Any]"
    if short.lower() == "tuple":
        return f"{short}[Any, ...]"
    if short == "Callable":
        return "Callable[..., Any]"
    return f"{short}[Any]"
