"""At its end a call is closed: completed when both joined, no_show otherwise (from the join log)."""

from __future__ import annotations

import pytest

from app.calls.closer import close_ended_calls


@pytest.mark.parametrize(("joined", "expected"), [
    (("client", "model"), "completed"),
    (("model",), "no_show"),
    ((), "no_show"),
])
async def test_ended_calls_close_from_the_join_log(app, client, login, conn, joined, expected) -> None:
    model = await login("MODEL", telegram_id=7201)
    await login("PRIME", telegram_id=7202)
    model_id = (await client.get("/api/model/me", headers=model)).json()["id"]
    users = {"model": await conn.fetchval("SELECT id FROM users WHERE telegram_id = 7201"),
             "client": await conn.fetchval("SELECT id FROM users WHERE telegram_id = 7202")}
    booking_id = await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, 'in_progress', now() - interval '40 minutes', now() - interval '10 minutes',
                   30, 3000, 'USD') RETURNING id""", model_id, users["client"])
    for who in joined:
        await conn.execute(
            "INSERT INTO pnp_room_joins (room, booking_id, user_id, action) VALUES ($1, $2, $3, 'publish')",
            f"call:{booking_id}", booking_id, users[who])
    closed = await close_ended_calls(app.state.db, app.state.media, app.state.events)
    assert closed >= 1
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id) == expected
