"""Every error is RFC 9457 problem details; bad input is never a 500."""

from __future__ import annotations

import httpx
import pytest


def assert_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


async def test_malformed_json_is_a_client_error(client: httpx.AsyncClient, login) -> None:
    response = await client.post("/api/admin/models", headers={**await login("ADMIN"),
                                 "Content-Type": "application/json"}, content=b'{"display_name": ')
    assert_problem(response, 400)


async def test_wrong_types_are_422_naming_the_field(client: httpx.AsyncClient, login) -> None:
    response = await client.post("/api/admin/models", headers=await login("ADMIN"),
                                 json={"display_name": "X", "prices": [{"duration_minutes": "long"}]})
    body = assert_problem(response, 422)
    assert "prices" in body["errors"][0]["field"]


async def test_large_bodies_are_413(client: httpx.AsyncClient, login) -> None:
    response = await client.post("/api/admin/models", headers=await login("ADMIN"),
                                 json={"display_name": "X", "bio": "a" * 1_200_000})
    assert_problem(response, 413)


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/nowhere", 404),
    ("GET", "/api/models/abc", 404),
    ("DELETE", "/api/models", 405),
])
async def test_routing_errors(client: httpx.AsyncClient, method: str, path: str, status: int) -> None:
    assert_problem(await client.request(method, path), status)


async def test_openapi_document_is_served(client: httpx.AsyncClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    assert "/api/models" in document["paths"] and "/api/admin/models/{model_id}" in document["paths"]
