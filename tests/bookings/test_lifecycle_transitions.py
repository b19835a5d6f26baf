"""Every (from, to) pair of statuses: legal ones apply, illegal ones are a 409 problem."""

from __future__ import annotations

import itertools

import pytest

from app.bookings.lifecycle import STATUSES, TRANSITIONS, reclaim_expired, transition
from app.errors import Problem

LEGAL = {
    ("held", "pending_payment"), ("held", "confirmed"), ("held", "cancelled"), ("held", "expired"),
    ("pending_payment", "confirmed"), ("pending_payment", "cancelled"), ("pending_payment", "expired"),
    ("confirmed", "in_progress"), ("confirmed", "cancelled"), ("confirmed", "no_show"),
    ("confirmed", "refunded"),
    ("in_progress", "completed"), ("in_progress", "cancelled"), ("in_progress", "no_show"),
    ("completed", "refunded"), ("cancelled", "refunded"), ("no_show", "refunded"),
}


async def _booking(conn, make_user, make_model, status: str) -> int:
    client_id, model_id = await make_user(), await make_model()
    return await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               hold_user_id, hold_expires_at, price_cents, currency)
           VALUES ($1, $2, $3, now() + interval '1 day', now() + interval '1 day 30 minutes', 30,
                   $2, now() + interval '10 minutes', 500, 'USD') RETURNING id""",
        model_id, client_id, status)


def test_the_table_is_the_documented_one() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == LEGAL


@pytest.mark.parametrize(("source", "target"), list(itertools.product(STATUSES, STATUSES)),
                         ids=lambda s: s)
async def test_transition(conn, make_user, make_model, source: str, target: str) -> None:
    booking_id = await _booking(conn, make_user, make_model, source)
    if (source, target) in LEGAL:
        row = await transition(conn, booking_id, to=target)
        assert row["status"] == target
        assert await conn.fetchval(
            "SELECT count(*) FROM audit_log WHERE entity = 'booking' AND entity_id = $1 AND action = $2",
            booking_id, f"booking.{target}") == 1
    else:
        with pytest.raises(Problem) as refused:
            await transition(conn, booking_id, to=target)
        assert refused.value.status_code == 409
        assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id) == source


async def test_unknown_booking_is_404(conn) -> None:
    with pytest.raises(Problem) as missing:
        await transition(conn, 0, to="confirmed")
    assert missing.value.status_code == 404


async def test_reclaim_expired_takes_the_range_back_when_free(conn, make_user, make_model) -> None:
    booking_id = await _booking(conn, make_user, make_model, "expired")
    assert await reclaim_expired(conn, booking_id) is True
    status = await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id)
    assert status == "pending_payment"
    assert (await transition(conn, booking_id, to="confirmed"))["status"] == "confirmed"


async def test_reclaim_expired_is_false_when_the_range_was_taken(conn, make_user, make_model) -> None:
    booking_id = await _booking(conn, make_user, make_model, "expired")
    await conn.execute(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           SELECT model_id, client_id, 'confirmed', starts_at, ends_at, duration_minutes, 1, 'USD'
           FROM pnp_bookings WHERE id = $1""", booking_id)
    assert await reclaim_expired(conn, booking_id) is False
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id) == "expired"
