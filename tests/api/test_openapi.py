"""The OpenAPI document lists every route, and the read endpoints keep its promises."""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

ROUTES = {
    ("get", "/api/health"),
    ("get", "/api/articles"),
    ("get", "/api/articles/{article_id}"),
    ("get", "/api/articles/{article_id}/lineage"),
    ("get", "/api/events"),
    ("get", "/api/events/{event_id}"),
    ("get", "/api/events/{event_id}/brief"),
    ("get", "/api/stories"),
    ("get", "/api/stories/{story_id}"),
    ("get", "/api/stories/{story_id}/brief"),
    ("get", "/api/stories/{story_id}/timeline"),
    ("get", "/api/entities"),
    ("get", "/api/entities/{entity_id}"),
    ("get", "/api/search"),
    ("post", "/api/ingest"),
    ("post", "/api/ingest/url"),
    ("post", "/api/analyze"),
    ("get", "/api/sources"),
    ("post", "/api/sources"),
    ("delete", "/api/sources/{source_id}"),
    ("post", "/api/sources/{source_id}/poll"),
}


def test_the_document_lists_every_route_with_its_error_shapes(client: httpx.Client) -> None:
    document: dict[str, Any] = client.get("/openapi.json").json()
    listed = {(method, path) for path, item in document["paths"].items() for method in item}
    assert listed == ROUTES
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"200", "201", "204"} & set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in {"post", "delete"} or path.startswith("/api/sources"):
                assert {"401", "403", "413"} <= set(responses), path
    upload = document["paths"]["/api/ingest"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/x-ndjson"} <= set(upload)


def test_read_endpoints_conform_to_the_document(reader: str) -> None:
    """Generated requests to every GET operation: no 500s, documented statuses and shapes.

    (Schemathesis's pytest plugin cannot take a fixture under pytest 9, so each
    operation's strategy is driven by Hypothesis here.)
    """
    schema = schemathesis.openapi.from_url(reader + "/openapi.json")
    operations = []
    for result in schema.include(method="GET").get_all_operations():
        assert isinstance(result, Ok), result.err()  # the document itself must be valid
        operations.append(result.ok())
    assert len(operations) == sum(1 for method, _ in ROUTES if method == "get")
    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
        def conforms(case: Any) -> None:
            case.call_and_validate()

        conforms()
