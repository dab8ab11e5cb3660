"""GitHub's OpenAPI description, trimmed to the fake server's operations and cached on disk.

openapi-core checks a whole description against the OpenAPI 3.0 schema before using it; on
the full ``api.github.com.json`` (13 MB, about 800 paths) that takes about 12 s, on the
trimmed one about 0.2 s. The trimmed description is cached under ``.pytest_cache`` keyed by
the SHA-256 of the installed description and of what is kept, so a new ``@octokit/openapi``
release or a new route rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .compat import FALLBACK_REFS
from .trim import trim
from .validate import SpecValidator

REPO_ROOT = Path(__file__).resolve().parents[3]
SPEC_RELATIVE = Path("tests/node/node_modules/@octokit/openapi/generated/api.github.com.json")
CACHE_RELATIVE = Path(".pytest_cache/d/github-openapi")
TRIM_FORMAT = "1"


class SpecMissingError(RuntimeError):
    """GitHub's OpenAPI description is not installed."""


@dataclass(frozen=True, slots=True)
class LoadedSpec:
    """A ready validator, the trimmed description behind it, and what it cost to get."""

    validator: SpecValidator
    document: dict[str, Any]
    source: Path
    cache_file: Path
    cache_hit: bool
    seconds: float


def spec_path(root: Path = REPO_ROOT) -> Path:
    path = root / SPEC_RELATIVE
    if not path.is_file():
        raise SpecMissingError(
            f"GitHub's OpenAPI description is missing: {path} does not exist.\n"
            f"Install it with: cd {root / 'tests/node'} && npm ci"
        )
    return path


def load(
    operations: Iterable[tuple[str, str]],
    *,
    root: Path = REPO_ROOT,
    cache_dir: Path | None = None,
) -> LoadedSpec:
    """Build (or reuse) the trimmed description for ``operations`` and a validator on it."""
    started = time.perf_counter()
    ops = sorted(set(operations))
    source = spec_path(root)
    raw = source.read_bytes()
    cache_file = (cache_dir or root / CACHE_RELATIVE) / f"api.github.com-{_key(raw, ops)}.json"
    document = _read_cache(cache_file)
    cache_hit = document is not None
    if document is None:
        document = trim(json.loads(raw), ops, FALLBACK_REFS)
    # openapi-core checks the description itself here; only a description it accepts is cached.
    validator = SpecValidator(document)
    if not cache_hit:
        _write_atomically(cache_file, json.dumps(document, sort_keys=True).encode())
        for stale in cache_file.parent.glob("api.github.com-*.json"):
            if stale != cache_file:
                stale.unlink(missing_ok=True)
    return LoadedSpec(
        validator=validator,
        document=document,
        source=source,
        cache_file=cache_file,
        cache_hit=cache_hit,
        seconds=time.perf_counter() - started,
    )


def _key(raw: bytes, operations: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    digest.update(TRIM_FORMAT.encode())
    digest.update(hashlib.sha256(raw).digest())
    digest.update(json.dumps([operations, FALLBACK_REFS]).encode())
    return digest.hexdigest()[:24]


def _read_cache(path: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
