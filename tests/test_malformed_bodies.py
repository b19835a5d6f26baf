"""Bodies no JSON decoder should accept are a 400 problem: deep nesting, numbers beyond any
range, bytes that are not UTF-8. None of them may reach the handler or answer 500."""

from __future__ import annotations

import httpx
import pytest

from tests.test_problem_details import assert_problem

MALFORMED = {
    "deeply nested arrays": b"[" * 100_000,
    "deeply nested objects": b'{"a":' * 50_000,
    "a huge integer": b'{"model_id": 1' + b"0" * 5_000 + b"}",
    "a huge float exponent": b'{"model_id": 1e999999999}',
    "invalid utf-8": b'{"display_name": "\xff\xfe\xc3("}',
    "a lone surrogate escape": b'{"display_name": "\\ud800"}',
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
@pytest.mark.parametrize(("path", "role"), [("/api/bookings", "PRIME"), ("/api/admin/models", "ADMIN")])
async def test_malformed_body_is_400(client: httpx.AsyncClient, login, path: str, role: str,
                                     body: bytes) -> None:
    headers = {**await login(role), "Content-Type": "application/json"}
    assert_problem(await client.post(path, headers=headers, content=body), 400)


async def test_the_service_answers_after_malformed_bodies(client: httpx.AsyncClient, login) -> None:
    headers = {**await login("PRIME"), "Content-Type": "application/json"}
    for body in MALFORMED.values():
        await client.post("/api/bookings", headers=headers, content=body)
    assert (await client.get("/api/models")).status_code == 200
