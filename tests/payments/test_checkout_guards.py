"""Only the booking's own client pays it, only while the hold lasts."""

from __future__ import annotations

import pytest


async def test_other_client_sees_404(client, buyer, model, hold) -> None:
    owner, other = await buyer(), await buyer()
    booking = await hold(owner, model)
    response = await client.post(f"/api/bookings/{booking['id']}/checkout", headers=other.headers,
                                 json={"method": "sandbox"})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["FREE", "MODEL", "MODERATOR"])
async def test_roles_that_cannot_book_are_refused(client, buyer, role) -> None:
    who = await buyer(role)
    response = await client.post("/api/bookings/1/checkout", headers=who.headers, json={"method": "sandbox"})
    assert response.status_code == 403


async def test_expired_hold_cannot_start_checkout(client, conn, buyer, model, hold) -> None:
    me = await buyer()
    booking = await hold(me, model)
    await conn.execute("UPDATE pnp_bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1",
                       booking["id"])
    response = await client.post(f"/api/bookings/{booking['id']}/checkout", headers=me.headers,
                                 json={"method": "sandbox"})
    assert response.status_code == 409 and response.json()["reason"] == "hold_expired"


async def test_unknown_method_is_422(client, buyer, model, hold) -> None:
    me = await buyer()
    booking = await hold(me, model)
    response = await client.post(f"/api/bookings/{booking['id']}/checkout", headers=me.headers,
                                 json={"method": "paypal"})
    assert response.status_code == 422
