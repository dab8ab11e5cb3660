"""Poetry cannot install the project itself: ``No file/folder found for package X``.

Poetry 2.x fails with ``Error: The current project could not be installed: ...``;
Poetry 1.8 printed it as a ``Warning:`` and went on, so the job broke later: the
warning is then the cause of that later failure. The Poetry version is read from
the log when it shows it (``Poetry (version 1.8.3)``, ``Installing Poetry (1.8.3)``,
``poetry==1.8.3``); whether ``package-mode = false`` can be used depends on it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from fixer.contract import Hit, Parser, Sighting, strip_marker
from fixer.model import Finding

NOT_FOUND = re.compile(r"No file/folder found for package (?P<package>[\w.-]+)")
VERSION = re.compile(
    r"(?:Poetry \(version (?P<a>\d++\.\d[\w.]*+)\)|Installing Poetry \((?P<b>\d++\.\d[\w.]*+)\)"
    r"|poetry[=]=(?P<c>\d++\.\d[\w.]*+))"
)


class PoetryParser(Parser):
    emits = frozenset({"poetry.package-not-found"})
    rank = 30
    triggers = (b"No file/folder found for package", b"Poetry (", b"poetry==")

    def __init__(self) -> None:
        self.version: str | None = None

    def feed(self, hit: Hit) -> None:
        text = strip_marker(hit.text)
        version = VERSION.search(text)
        if version:
            self.version = version.group("a") or version.group("b") or version.group("c")
            return
        match = NOT_FOUND.search(text)
        if not match:
            return
        package = match.group("package").rstrip(".")
        form = "warning" if text.lstrip().startswith("Warning") else "error"
        hit.report(
            Finding(
                kind="poetry.package-not-found",
                tool="poetry",
                message=f"The current project could not be installed: no file/folder found"
                f" for package {package}",
                path="pyproject.toml",  # Poetry prints none: the step's project file
                fix=f"Declare where package {package} is (`packages = [...]` in [tool.poetry]),"
                " or set `package-mode = false` when Poetry only manages dependencies.",
                details={"package": package, "form": form},
                ident=package,
            ),
            latent=form == "warning",
        )

    def finish(self, sightings: list[Sighting]) -> None:
        if self.version is None:
            return
        for s in sightings:
            details = {**s.finding.details, "poetry_version": self.version}
            s.finding = replace(s.finding, details=details)
