"""POST /api/me/onboarding completes once, is idempotent, and needs terms and 18+."""

from __future__ import annotations

import httpx
import pytest
from litestar.testing import RequestFactory

from app.auth.guards import can_book
from app.auth.tokens import CurrentUser, decode_token, issue_tokens
from app.errors import Problem


@pytest.fixture
async def newcomer(conn, settings) -> dict[str, str]:
    user_id = await conn.fetchval("INSERT INTO users (telegram_id) VALUES (880001) RETURNING id")
    tokens = issue_tokens(CurrentUser(id=user_id, role="PRIME", onboarded=False),
                          secret=settings.jwt_secret, access_ttl=600, refresh_ttl=600)
    return {"Authorization": f"Bearer {tokens.access_token}"}


async def test_completes_once_and_returns_an_onboarded_token(client: httpx.AsyncClient, conn,
                                                             newcomer: dict[str, str]) -> None:
    body = {"language": "es", "terms_accepted": True, "adult_confirmed": True}
    first = await client.post("/api/me/onboarding", json=body, headers=newcomer)
    assert first.status_code == 200 and first.json()["user"]["onboarding_complete"] is True
    accepted_at = await conn.fetchval("SELECT terms_accepted_at FROM users WHERE telegram_id = 880001")
    second = await client.post("/api/me/onboarding", json={**body, "language": "en"}, headers=newcomer)
    assert second.status_code == 200
    row = await conn.fetchrow("SELECT terms_accepted_at, language FROM users WHERE telegram_id = 880001")
    assert row["terms_accepted_at"] == accepted_at and row["language"] == "es"
    me = await client.get("/api/me", headers={"Authorization": f"Bearer {second.json()['access_token']}"})
    assert me.json()["onboarding_complete"] is True


@pytest.mark.parametrize("field", ["terms_accepted", "adult_confirmed"])
async def test_refuses_without_consent(client: httpx.AsyncClient, newcomer: dict[str, str],
                                       field: str) -> None:
    body = {"language": "en", "terms_accepted": True, "adult_confirmed": True, field: False}
    response = await client.post("/api/me/onboarding", json=body, headers=newcomer)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field


async def test_booking_guard_needs_onboarding(newcomer: dict[str, str], settings) -> None:
    request = RequestFactory().get("/api/bookings")
    request.scope["user"] = decode_token(newcomer["Authorization"][7:], secret=settings.jwt_secret)
    with pytest.raises(Problem) as refused:
        await can_book(request, None)
    assert refused.value.status_code == 403 and "onboarding" in refused.value.detail
