"""Every endpoint that changes anything refuses a missing or wrong key, found from the
API's own OpenAPI document, so an endpoint added later is covered without a new test."""

from __future__ import annotations

import re

import httpx
import pytest

from .conftest import KEY

READ_ONLY = {"get", "head", "options"}


def write_operations(base: str) -> list[tuple[str, str]]:
    document = httpx.get(f"{base}/openapi.json", timeout=30).json()
    found = []
    for path, operations in document["paths"].items():
        for method in operations:
            if method not in READ_ONLY:
                # Path parameters get a plausible value: the key check comes first.
                found.append((method.upper(), re.sub(r"\{[^}]+\}", "abc123", path)))
    return sorted(found)


def test_the_api_has_the_write_endpoints_we_know_of(reader: str) -> None:
    paths = {path for _, path in write_operations(reader)}
    assert {"/api/ingest", "/api/ingest/url", "/api/analyze", "/api/sources"} <= paths


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": KEY + "x"}, {"Authorization": "Bearer x"}])
def test_every_write_refuses_a_missing_or_wrong_key(reader: str, headers: dict[str, str]) -> None:
    for method, path in write_operations(reader):
        response = httpx.request(method, reader + path, headers=headers, timeout=30)
        assert response.status_code == 401, f"{method} {path} answered {response.status_code}"
        assert KEY not in response.text
