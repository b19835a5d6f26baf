"""Bad input gets a clear 4xx and changes nothing: unknown plan or method, unknown fields, a banned
buyer, and a grant to a banned or unknown user or with a date in the past."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


@pytest.mark.parametrize("body", [{"plan": "prime_7"}, {"plan": "prime_30", "method": "paypal"},
                                  {"plan": "prime_30", "extra": 1}, {}, {"plan": 30}])
async def test_checkout_refuses_bad_bodies(conn, client, member, body) -> None:
    me = await member("FREE")
    response = await client.post("/api/membership/checkout", headers=me.headers, json=body)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await conn.fetchval("SELECT count(*) FROM payments WHERE user_id = $1", me.id) == 0


async def test_a_banned_account_cannot_buy(conn, client, member) -> None:
    me = await member("FREE")
    await conn.execute("UPDATE users SET banned_until = now() + interval '1 day' WHERE id = $1", me.id)
    response = await client.post("/api/membership/checkout", headers=me.headers, json={"plan": "prime_30"})
    assert response.status_code == 409 and response.json()["type"].endswith("/problems/banned-account")
    assert await conn.fetchval("SELECT count(*) FROM payments WHERE user_id = $1", me.id) == 0


async def test_grant_refusals(conn, client, member) -> None:
    admin = await member("ADMIN")
    target = await member("FREE")
    later = (datetime.now(UTC) + timedelta(days=10)).isoformat()
    url = f"/api/admin/users/{target.id}/membership"

    past = await client.put(url, headers=admin.headers, json={"until": "2020-01-01T00:00:00Z", "reason": "x"})
    assert past.status_code == 422 and "until" in past.text
    blank = await client.put(url, headers=admin.headers, json={"until": later, "reason": "   "})
    assert blank.status_code in (400, 422)
    missing = await client.put("/api/admin/users/999999999/membership", headers=admin.headers,
                               json={"until": later, "reason": "gift"})
    assert missing.status_code == 404
    model = await member("MODEL")
    for_model = await client.put(f"/api/admin/users/{model.id}/membership", headers=admin.headers,
                                 json={"until": later, "reason": "gift"})
    assert for_model.status_code == 409
    await conn.execute("UPDATE users SET banned_until = now() + interval '1 day' WHERE id = $1", target.id)
    banned = await client.put(url, headers=admin.headers, json={"until": later, "reason": "gift"})
    assert banned.status_code == 409 and banned.json()["type"].endswith("/problems/banned-account")
    assert await conn.fetchval("SELECT count(*) FROM memberships WHERE user_id = $1", target.id) == 0
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", target.id) == "FREE"
