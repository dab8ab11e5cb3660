"""Generate a large job log in GitHub Actions' format, for benchmarks.

The log looks like a long CI job: ``##[group]Run`` frames, pip and pytest output,
ANSI colours, the odd ``##[warning]`` and NUL byte, lines that mention "error"
without being failures, and, at the very end, a failing mypy step with three
``[type-arg]`` errors (the answer the benchmark checks).
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

LINES = [
    "Collecting {w}>=1.{n}.0 (from app==0.1.0)",
    "  Downloading {w}-1.{n}.{m}-py3-none-any.whl.metadata (12 kB)",
    "tests/test_{w}.py::test_{w}_{n} PASSED                              [ {m}%]",
    "tests/test_{w}.py::test_{w}_error_handling PASSED                   [ {m}%]",
    "Requirement already satisfied: {w} in /opt/hostedtoolcache/Python/3.11.14/x64/lib",
    "\x1b[32m✓\x1b[0m {w} built in {n}.{m}s",
    "INFO:{w}:processed {n} records in {m} ms",
    "  Building wheel for {w} (pyproject.toml): finished with status 'done'",
]
WORDS = ("alpha", "beta", "gamma", "delta", "kappa", "sigma", "omega", "httpx", "pydantic")
ERROR = (
    'app/services/export.py:{}: error: Missing type parameters for generic type "dict"  [type-arg]'
)
TAIL = [
    "##[group]Run mypy app",
    "\x1b[36;1mmypy app\x1b[0m",
    "shell: /usr/bin/bash -e {0}",
    "##[endgroup]",
    ERROR.format(72),
    ERROR.format(95),
    ERROR.format(128),
    "Found 3 errors in 1 file (checked 28 source files)",
    "##[error]Process completed with exit code 1.",
]


def generate(path: Path, size: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    t = datetime(2025, 12, 23, 18, 56, 33, tzinfo=UTC)
    written = 0
    with path.open("wb") as out:
        out.write(b"\xef\xbb\xbf")
        block: list[str] = []
        while written < size:
            block.clear()
            block += [
                "##[group]Run pytest -q tests/part",
                "\x1b[36;1mpytest -q\x1b[0m",
                "shell: /usr/bin/bash -e {0}",
                "##[endgroup]",
            ]
            for _ in range(400):
                template = rng.choice(LINES)
                block.append(
                    template.format(w=rng.choice(WORDS), n=rng.randint(0, 99), m=rng.randint(0, 99))
                )
            if rng.random() < 0.05:
                block.append("##[warning]Failed to restore: Cache service responded with 400")
            if rng.random() < 0.02:
                block.append("M\x00app/a.py\x00A\x00app/b.py\x00")
            data = []
            for line in block:
                t += timedelta(microseconds=173)
                data.append(f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond * 10:07d}Z {line}\n")
            chunk = "".join(data).encode()
            out.write(chunk)
            written += len(chunk)
        for line in TAIL:
            t += timedelta(microseconds=173)
            out.write(f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond * 10:07d}Z {line}\n".encode())


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(float(sys.argv[2]) * 1_000_000))
