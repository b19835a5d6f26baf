"""POST /api/auth/dev-login creates or updates a user with that role, onboarding complete."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import httpx
import pytest

ClientWith = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.mark.parametrize("role", ["FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN"])
async def test_signs_in_with_the_role(client: httpx.AsyncClient, role: str) -> None:
    response = await client.post("/api/auth/dev-login",
                                 json={"telegram_id": 4242, "role": role, "username": "ana_b"})
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["role"] == role and body["user"]["onboarding_complete"] is True
    assert body["user"]["username"] == "ana_b" and body["token_type"] == "Bearer"
    assert (body["user"]["model_id"] is not None) == (role == "MODEL")
    me = await client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["id"] == body["user"]["id"]


async def test_updates_the_role_of_an_existing_user(client: httpx.AsyncClient) -> None:
    first = (await client.post("/api/auth/dev-login", json={"telegram_id": 77, "role": "FREE"})).json()
    second = (await client.post("/api/auth/dev-login", json={"telegram_id": 77, "role": "ADMIN"})).json()
    assert first["user"]["id"] == second["user"]["id"] and second["user"]["role"] == "ADMIN"


@pytest.mark.parametrize("body", [
    {"telegram_id": 1, "role": "KING"},
    {"telegram_id": -5, "role": "FREE"},
    {"role": "FREE"},
    {"telegram_id": 1, "role": "FREE", "extra": True},
])
async def test_malformed_body_is_a_422_naming_the_field(client: httpx.AsyncClient, body: dict) -> None:
    response = await client.post("/api/auth/dev-login", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422 and problem["errors"][0]["field"]


async def test_is_a_404_when_disabled(client_with: ClientWith) -> None:
    async with client_with(dev_login=False) as other:
        response = await other.post("/api/auth/dev-login", json={"telegram_id": 1, "role": "ADMIN"})
    assert response.status_code == 404
    assert "PNP_DEV_LOGIN" in response.json()["detail"]
