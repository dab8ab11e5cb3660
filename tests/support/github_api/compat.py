"""Every place where validation departs from openapi-core's defaults, and why.

GitHub's description is validated as published; these rules only let through what GitHub
demonstrably does and its description means, where a strict OpenAPI 3.0.3 reading of it
says otherwise. There are exactly two:

1. **Statuses documented globally, not per operation.** Every operation can answer 401
   (missing or bad token), 403 and 429 (primary and secondary rate limits), 404 (a resource
   the token cannot see) and 5xx, as GitHub's REST docs say for the whole API; the
   description lists them only for some operations. When an operation does not list such a
   status, its response is checked against GitHub's own shared response object for it
   (:data:`UNDOCUMENTED_STATUS_RESPONSES`). 429 and 502 have no shared object; their bodies
   are the same ``basic-error`` as 403 and 500. Any other undocumented status still fails.

2. **``nullable: true`` next to an ``enum`` without ``null``.** OpenAPI 3.0.3 clarified that
   ``nullable`` does not add ``null`` to an ``enum``, and openapi-core follows that. GitHub's
   description uses both readings: 79 nullable enums list ``null``, 71 do not, among them
   ``job.conclusion``, which is ``null`` for every job still running. For a schema that says
   ``nullable: true``, ``null`` passes its ``enum`` (:func:`nullable_enum`); a non-nullable
   enum still rejects ``null`` and every enum still rejects other values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, cast

from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import extend
from jsonschema_path import SchemaPath
from openapi_core import V30ResponseValidator
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.unmarshalling.schemas import oas30_format_unmarshallers, oas30_types_unmarshaller
from openapi_core.unmarshalling.schemas.factories import SchemaUnmarshallersFactory
from openapi_core.validation.schemas.factories import SchemaValidatorsFactory
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

from .trim import COMPONENT_PREFIX

UNDOCUMENTED_STATUS_RESPONSES: Mapping[int, str] = {
    401: "requires_authentication",
    403: "forbidden",
    404: "not_found",
    429: "forbidden",
    500: "internal_error",
    502: "internal_error",
    503: "service_unavailable",
}
FALLBACK_REFS = tuple(
    f"{COMPONENT_PREFIX}responses/{name}"
    for name in sorted(set(UNDOCUMENTED_STATUS_RESPONSES.values()))
)


class GitHubResponseValidator(V30ResponseValidator):
    """openapi-core's 3.0 response validator plus rule 1."""

    def _find_operation_response(self, status_code: int, operation: SchemaPath) -> SchemaPath:
        try:
            return super()._find_operation_response(status_code, operation)
        except ResponseNotFound:
            name = UNDOCUMENTED_STATUS_RESPONSES.get(status_code)
            if name is None:
                raise
            return self.spec / "components" / "responses" / name


def _with_nullable_enum(base: type[Validator]) -> type[Validator]:
    strict_enum = base.VALIDATORS["enum"]

    def nullable_enum(
        validator: Validator, enums: Any, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        """Rule 2: ``null`` is valid for an ``enum`` whose schema says ``nullable: true``."""
        if instance is None and schema.get("nullable") is True:
            return
        yield from strict_enum(validator, enums, instance, schema)

    # jsonschema's stubs leave ``extend`` unannotated.
    extended = extend(base, {"enum": nullable_enum})  # type: ignore[no-untyped-call]
    return cast("type[Validator]", extended)


READ_VALIDATORS = SchemaValidatorsFactory(_with_nullable_enum(OAS30ReadValidator))
WRITE_VALIDATORS = SchemaValidatorsFactory(_with_nullable_enum(OAS30WriteValidator))
WRITE_UNMARSHALLERS = SchemaUnmarshallersFactory(
    WRITE_VALIDATORS, oas30_types_unmarshaller, format_unmarshallers=oas30_format_unmarshallers
)
