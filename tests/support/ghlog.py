"""Write logs exactly as GitHub Actions serves them.

Used to turn the output of real tool runs (mypy, pip, poetry, eslint, ...) into a run's
log archive: one ``N_<job>.txt`` per job and ``<job>/N_<step>.txt`` per step, each
starting with a UTF-8 BOM, every line prefixed with an RFC 3339 timestamp with seven
fractional digits, the runner's ``##[group]Run`` / ``##[endgroup]`` frames, the command
echoed in cyan, and ``##[error]Process completed with exit code N.`` on failure.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

BOM = "\ufeff"
_COMMAND = re.compile(r"^::(?P<cmd>error|warning|notice)(?: (?P<props>.*?))?::(?P<data>.*)$")
_STOP = re.compile(r"^::stop-commands::(?P<token>.+)$")
SHELL = "/usr/bin/bash -e {0}"


@dataclass
class Step:
    name: str
    number: int
    lines: list[str] = field(default_factory=list)


@dataclass
class Job:
    """One job of a run; add steps in order, then write the run with :func:`write_run`."""

    name: str
    steps: list[Step] = field(default_factory=list)
    _next: int = 1

    def step(self, name: str, lines: Iterable[str] = (), *, number: int | None = None) -> Step:
        num = number if number is not None else self._next
        self._next = num + 1
        step = Step(name, num, list(lines))
        self.steps.append(step)
        return step

    def setup(self, *, error: str | None = None) -> Step:
        lines = [
            "Current runner version: '2.330.0'",
            "##[group]Operating System",
            "Ubuntu",
            "24.04.3",
            "LTS",
            "##[endgroup]",
            "##[group]Runner Image",
            "Image: ubuntu-24.04",
            "##[endgroup]",
            "##[group]GITHUB_TOKEN Permissions",
            "Contents: read",
            "Metadata: read",
            "##[endgroup]",
            "Secret source: Actions",
            "Prepare workflow directory",
            "Prepare all required actions",
            "Getting action download info",
            "Download action repository 'actions/checkout@v4'"
            " (SHA:11bd71901bbe5b1630ceea73d27597364c9af683)",
        ]
        if error is not None:
            lines.append(f"##[error]{error}")
        else:
            lines.append(f"Complete job name: {self.name}")
        return self.step("Set up job", lines)

    def checkout(self, repo: str = "octo/app") -> Step:
        return self.step(
            "Run actions/checkout@v4",
            [
                "##[group]Run actions/checkout@v4",
                "with:",
                f"  repository: {repo}",
                "  token: ***",
                "  fetch-depth: 1",
                "##[endgroup]",
                f"Syncing repository: {repo}",
                "[command]/usr/bin/git log -1 --format=%H",
                "4bc7954e3f4f052eaae5af5173990f3e0765b1f4",
            ],
        )

    def setup_python(self, version: str) -> Step:
        return self.step(
            "Run actions/setup-python@v5",
            [
                "##[group]Run actions/setup-python@v5",
                "with:",
                f"  python-version: {version}",
                "  token: ***",
                "##[endgroup]",
                "##[group]Installed versions",
                f"Successfully set up CPython ({version}.14)",
                "##[endgroup]",
            ],
        )

    def run(
        self,
        name: str | None,
        command: str,
        output: Sequence[str],
        *,
        exit_code: int = 0,
        env: dict[str, str] | None = None,
        cancelled: bool = False,
    ) -> Step:
        """A ``run:`` step: the runner's frame around a command's real output."""
        cmd_lines = command.splitlines()
        lines = [f"##[group]Run {cmd_lines[0]}"]
        lines += [f"\x1b[36;1m{c}\x1b[0m" for c in cmd_lines]
        lines.append(f"shell: {SHELL}")
        if env:
            lines.append("env:")
            lines += [f"  {k}: {v}" for k, v in env.items()]
        lines.append("##[endgroup]")
        lines += list(output)
        if cancelled:
            lines.append("##[error]The operation was canceled.")
        elif exit_code:
            lines.append(f"##[error]Process completed with exit code {exit_code}.")
        return self.step(name or f"Run {cmd_lines[0]}", lines)

    def complete(self) -> Step:
        return self.step("Complete job", ["Cleaning up orphan processes"])


def runner_commands(lines: Sequence[str]) -> list[str]:
    """What the runner stores of a step's output that holds workflow commands.

    ``::error ...::message`` becomes ``##[error]message``: the properties (file, line, ...)
    go to the annotation, the log keeps only the unescaped message, and a message with a
    newline (``%0A``) goes on untimestamped lines (the runner writes it as one entry).
    ``::stop-commands::TOKEN`` is printed as is and leaves every line raw until
    ``::TOKEN::``. (GitHub's runner, ActionCommandManager and ExecutionContext.AddIssue.)
    """
    out: list[str] = []
    stop: str | None = None
    for line in lines:
        if stop is not None:
            out.append(line)
            stop = None if line == f"::{stop}::" else stop
            continue
        halt = _STOP.match(line)
        if halt:
            out.append(line)
            stop = halt.group("token")
            continue
        command = _COMMAND.match(line)
        if command:
            data = command.group("data").replace("%0D", "\r").replace("%0A", "\n")
            out.append(f"##[{command.group('cmd')}]" + data.replace("%25", "%"))
        else:
            out.append(line)
    return out


def _safe(name: str) -> str:
    return name.replace("/", "_").replace(":", "_")


def render(jobs: Sequence[Job], start: datetime | None = None) -> dict[str, bytes]:
    """The archive's files: relative path -> bytes."""
    t = start or datetime(2025, 12, 23, 18, 56, 33, tzinfo=UTC)
    files: dict[str, bytes] = {}
    for index, job in enumerate(jobs):
        whole: list[str] = []
        for step in job.steps:
            stamped = []
            for line in step.lines:
                t += timedelta(microseconds=731)
                stamp = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond * 10:07d}Z"
                stamped.append(f"{stamp} {line}\n")
            whole += stamped
            body = BOM + "".join(stamped)
            files[f"{_safe(job.name)}/{step.number}_{_safe(step.name)}.txt"] = body.encode()
        files[f"{index}_{_safe(job.name)}.txt"] = (BOM + "".join(whole)).encode()
    return files


def write_run(directory: Path, jobs: Sequence[Job]) -> None:
    """Write the run's log archive, unpacked, into ``directory``."""
    for rel, data in render(jobs).items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def zip_folder(directory: Path) -> bytes:
    """Zip an unpacked archive the way GitHub's logs endpoint serves it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(directory.rglob("*.txt")):
            zf.write(path, path.relative_to(directory).as_posix())
    return buf.getvalue()
