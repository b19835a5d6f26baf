"""Every response carries a request id and the security headers."""

from __future__ import annotations

import httpx

from app.ops.middleware import SECURITY_HEADERS


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    made = await client.get("/healthz")
    forged = await client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert given.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 32
    assert forged.headers["x-request-id"] != "bad id <script>"


async def test_security_headers_on_success_and_error(client: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/api/admin/models", "/nowhere"):
        response = await client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, (path, name)
