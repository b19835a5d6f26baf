"""Who may start a membership checkout: FREE and PRIME; the other roles get a 409 problem and no
payment is created; asking again the same way returns the same open payment."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("role", ["FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN"])
async def test_checkout_by_role(conn, client, member, role) -> None:
    me = await member(role)
    response = await client.post("/api/membership/checkout", headers=me.headers,
                                 json={"plan": "prime_30", "method": "sandbox"})
    count = await conn.fetchval("SELECT count(*) FROM payments WHERE user_id = $1", me.id)
    if role in ("FREE", "PRIME"):
        assert response.status_code == 200, response.text
        assert response.json()["url"].startswith("/pay/sandbox/") and count == 1
        status = (await client.get("/api/membership", headers=me.headers)).json()
        assert status["can_buy"] is True
    else:
        assert response.status_code == 409
        assert response.json()["type"].endswith("/problems/membership-not-for-role")
        assert count == 0
        assert (await client.get("/api/membership", headers=me.headers)).json()["can_buy"] is False


async def test_same_checkout_again_is_the_same_payment_and_a_new_plan_replaces_it(conn, member, buy) -> None:
    me = await member("FREE")
    first = await buy(me, "prime_30")
    assert (await buy(me, "prime_30"))["payment_id"] == first["payment_id"]
    other = await buy(me, "prime_90")
    assert other["payment_id"] != first["payment_id"] and other["amount_cents"] == 4999
    statuses = await conn.fetch("SELECT status FROM payments WHERE user_id = $1 ORDER BY id", me.id)
    assert [r["status"] for r in statuses] == ["cancelled", "pending"]


async def test_a_role_changed_since_the_token_counts(conn, client, member) -> None:
    me = await member("FREE")
    await conn.execute("UPDATE users SET role = 'MODERATOR' WHERE id = $1", me.id)
    response = await client.post("/api/membership/checkout", headers=me.headers, json={"plan": "prime_30"})
    assert response.status_code == 409
