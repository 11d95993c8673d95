"""The OpenAPI document tells the truth about errors: one name per schema, 401 on every operation behind a token,
422 wherever there is input to refuse."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ninja import Schema

from qifu.api import api


def _subclasses(cls: type) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_subclasses(sub))]


def test_every_schema_of_the_api_has_its_own_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("qifu."):
            by_name[cls.__name__].add(cls.__module__)
    shared = {name for name, modules in by_name.items() if len(modules) > 1}
    assert shared == set()


def test_every_operation_documents_its_error_answers() -> None:
    schema: dict[str, Any] = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            if operation.get("security"):
                assert responses[401]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorOut"
                }, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert 422 in responses, (method, path)
    assert 401 in schema["paths"]["/api/v1/enterprises"]["get"]["responses"]
    assert 401 not in schema["paths"]["/api/v1/policies"]["get"]["responses"]  # open to all
