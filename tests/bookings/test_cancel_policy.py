"""Cancel under the policy: full refund before the cut-off, the late share after it, full refund
whenever the model or an admin cancels; strangers and moderators cannot cancel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


async def _confirmed(conn, client_id: int, model_id: int, hours_ahead: float) -> int:
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=hours_ahead)
    return await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency) VALUES ($1, $2, 'confirmed', $3::timestamptz,
               $3::timestamptz + interval '30 minutes', 30, 10000, 'USD') RETURNING id""",
        model_id, client_id, start)


@pytest.mark.parametrize(("who", "hours_ahead", "refund"), [
    ("client", 48, 10000), ("client", 2, 5000), ("model", 2, 10000), ("admin", 2, 10000)])
async def test_refund_share(client, conn, bearer, make_user, make_model, who, hours_ahead, refund) -> None:
    client_id, model_user = await make_user(), await make_user("MODEL")
    model_id = await make_model(user_id=model_user)
    booking_id = await _confirmed(conn, client_id, model_id, hours_ahead)
    actor = {"client": bearer(client_id), "model": bearer(model_user, "MODEL"),
             "admin": bearer(await make_user("ADMIN"), "ADMIN")}[who]
    response = await client.post(f"/api/bookings/{booking_id}/cancel", headers=actor, json={"reason": "ill"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled" and response.json()["refund_cents"] == refund
    assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'booking.cancelled' "
                               "AND entity_id = $1", booking_id) == 1
    kinds = await conn.fetch("SELECT user_id FROM notifications WHERE kind = 'booking.cancelled' "
                             "AND (payload->>'booking_id')::bigint = $1", booking_id)
    assert {k["user_id"] for k in kinds} == {client_id, model_user}


async def test_strangers_and_moderators_cannot_cancel(client, conn, bearer, make_user, make_model) -> None:
    booking_id = await _confirmed(conn, await make_user(), await make_model(), 48)
    url = f"/api/bookings/{booking_id}/cancel"
    stranger = await client.post(url, headers=bearer(await make_user()), json={})
    assert stranger.status_code == 404
    moderator = await client.post(f"/api/bookings/{booking_id}/cancel",
                                  headers=bearer(await make_user("MODERATOR"), "MODERATOR"), json={})
    assert moderator.status_code == 403


async def test_cancelling_twice_is_409(client, conn, bearer, make_user, make_model) -> None:
    client_id = await make_user()
    booking_id = await _confirmed(conn, client_id, await make_model(), 48)
    first = await client.post(f"/api/bookings/{booking_id}/cancel", headers=bearer(client_id), json={})
    again = await client.post(f"/api/bookings/{booking_id}/cancel", headers=bearer(client_id), json={})
    assert (first.status_code, again.status_code) == (200, 409)
