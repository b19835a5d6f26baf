"""call:{booking_id}: its client and model only, while confirmed, from the grace period to the end."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest


@pytest.fixture
async def call(client: httpx.AsyncClient, login, conn, user_id):
    """A confirmed 30-minute booking that started five minutes ago."""
    model = await login("MODEL", telegram_id=7101)
    client_headers = await login("PRIME", telegram_id=7102)
    model_id = (await client.get("/api/model/me", headers=model)).json()["id"]

    async def book(*, starts_in: timedelta = timedelta(minutes=-5), status: str = "confirmed") -> int:
        return int(await conn.fetchval(
            """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at,
                   duration_minutes, price_cents, currency)
               VALUES ($1, $2, $3, now() + $4, now() + $4 + interval '30 minutes', 30, 3000, 'USD')
               RETURNING id""",
            model_id, await user_id(7102), status, starts_in))

    return model, client_headers, book


async def test_client_and_model_join_both_ways(call, whip, whep, conn) -> None:
    model, client_headers, book = call
    booking_id = await book()
    assert (await whip(f"call:{booking_id}", model)).status_code == 201
    assert (await whip(f"call:{booking_id}", client_headers)).status_code == 201
    assert (await whep(f"call:{booking_id}", client_headers)).status_code == 201
    assert (await whep(f"call:{booking_id}", model)).status_code == 201
    status = await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id)
    assert status == "in_progress"
    logged = await conn.fetchval("SELECT count(*) FROM pnp_room_joins WHERE booking_id = $1", booking_id)
    assert logged == 4


@pytest.mark.parametrize(("starts_in", "status", "detail"), [
    (timedelta(hours=2), "confirmed", "opens at"),
    (timedelta(minutes=-40), "confirmed", "ended"),
    (timedelta(minutes=-5), "pending_payment", "not confirmed"),
    (timedelta(minutes=-5), "cancelled", "not confirmed"),
])
async def test_outside_the_window_or_unpaid(call, whip, starts_in, status, detail) -> None:
    _, client_headers, book = call
    booking_id = await book(starts_in=starts_in, status=status)
    response = await whip(f"call:{booking_id}", client_headers)
    assert response.status_code == 403 and detail in response.json()["detail"]


async def test_strangers_and_staff_are_refused(call, whip, whep, login) -> None:
    _, _, book = call
    booking_id = await book()
    assert (await whep(f"call:{booking_id}", {})).status_code == 401
    for role in ("FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN"):
        assert (await whep(f"call:{booking_id}", await login(role))).status_code == 403, role
    assert (await whep("call:99999999", await login("PRIME"))).status_code == 404
