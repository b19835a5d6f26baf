"""Short-lived access tokens, a refresh path that reloads the user, and bad tokens refused."""

from __future__ import annotations

import time

import httpx
import jwt

from app.auth.tokens import CurrentUser, issue_tokens


async def _dev_login(client: httpx.AsyncClient, telegram_id: int, role: str) -> dict:
    return (await client.post("/api/auth/dev-login", json={"telegram_id": telegram_id, "role": role})).json()


async def test_refresh_returns_new_tokens_with_the_current_role(client: httpx.AsyncClient) -> None:
    first = await _dev_login(client, 31337, "FREE")
    await _dev_login(client, 31337, "PRIME")
    response = await client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert response.status_code == 200
    assert response.json()["user"]["role"] == "PRIME"


async def test_an_access_token_is_not_a_refresh_token(client: httpx.AsyncClient) -> None:
    tokens = await _dev_login(client, 31338, "FREE")
    response = await client.post("/api/auth/refresh", json={"refresh_token": tokens["access_token"]})
    assert response.status_code == 401


async def test_a_refresh_token_is_not_an_access_token(client: httpx.AsyncClient) -> None:
    tokens = await _dev_login(client, 31339, "FREE")
    response = await client.get("/api/me", headers={"Authorization": f"Bearer {tokens['refresh_token']}"})
    assert response.status_code == 401


async def test_expired_and_forged_tokens_are_401(client: httpx.AsyncClient, settings) -> None:
    user = CurrentUser(id=1, role="ADMIN", onboarded=True)
    now = int(time.time())
    expired = jwt.encode({"sub": "1", "iat": now - 120, "exp": now - 60, "iss": "pnp-live", "typ": "access",
                          "role": "ADMIN", "onb": True}, settings.jwt_secret, algorithm="HS256")
    forged = issue_tokens(user, secret="another-secret-" + "y" * 40, access_ttl=60, refresh_ttl=60)
    for token in (expired, forged.access_token, "not-a-jwt"):
        response = await client.get("/api/admin/models", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_banned_users_cannot_refresh(client: httpx.AsyncClient, conn) -> None:
    tokens = await _dev_login(client, 31340, "PRIME")
    await conn.execute("UPDATE users SET banned_until = now() + interval '1 day' WHERE telegram_id = 31340")
    response = await client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 403 and "banned" in response.json()["detail"]
