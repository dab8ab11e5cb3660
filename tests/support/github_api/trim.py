"""Cut GitHub's OpenAPI description down to the operations the fake server implements.

The result holds GitHub's definitions verbatim: the chosen operations of each path item (with
the item's shared keys), and every component those operations reference, directly or through
other components. Nothing is rewritten, so validating against the trimmed description gives
the same verdicts as validating against the full one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

JSON = dict[str, Any]
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
TOP_LEVEL_KEPT = ("openapi", "info", "servers", "externalDocs", "tags")
COMPONENT_PREFIX = "#/components/"


class UnknownOperationError(KeyError):
    """An operation the server implements is not in GitHub's description."""


def trim(spec: JSON, operations: Iterable[tuple[str, str]], extra_refs: Iterable[str] = ()) -> JSON:
    """Keep ``operations`` (method, path template), ``extra_refs`` and what they reference."""
    paths: JSON = {}
    for method, template in operations:
        item = spec["paths"].get(template)
        if item is None or method not in item:
            raise UnknownOperationError(f"{method.upper()} {template} is not in the description")
        kept = paths.setdefault(
            template, {key: value for key, value in item.items() if key not in HTTP_METHODS}
        )
        kept[method] = item[method]
    trimmed: JSON = {key: spec[key] for key in TOP_LEVEL_KEPT if key in spec}
    trimmed["paths"] = paths
    roots = [paths, [{"$ref": ref} for ref in extra_refs]]
    trimmed["components"] = _components_closure(spec.get("components", {}), roots)
    return trimmed


def _components_closure(components: JSON, root: object) -> JSON:
    kept: JSON = {}
    pending = list(_refs(root))
    while pending:
        kind, name = _split_ref(pending.pop())
        section = kept.setdefault(kind, {})
        if name in section:
            continue
        section[name] = components[kind][name]
        pending.extend(_refs(section[name]))
    return {kind: dict(sorted(kept[kind].items())) for kind in sorted(kept)}


def _refs(node: object) -> Iterator[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _split_ref(ref: str) -> tuple[str, str]:
    if not ref.startswith(COMPONENT_PREFIX):
        raise ValueError(f"only local component references are supported, got {ref!r}")
    kind, _, name = ref[len(COMPONENT_PREFIX) :].partition("/")
    if not name or "/" in name:
        raise ValueError(f"unexpected reference shape {ref!r}")
    return kind, name
