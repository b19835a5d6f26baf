"""Demo money: the seeded past sessions get their payments and ledger rows, plus older paid
sessions (earnings available), a refunded one, an upcoming paid one (pending) and a payout, so
dashboards, earnings, analytics and exports show real figures on a first look."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import asyncpg

from app.payments import ledger

DEFAULT_RATE = 0.30
HOLD_DAYS = 7


async def _paid_booking(conn: asyncpg.Connection, *, model_id: int, client_id: int, start: datetime,
                        minutes: int, cents: int, status: str) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency, created_at)
           VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + make_interval(mins => $5), $5, $6, 'USD',
                   $4::timestamptz - interval '2 days')
           RETURNING id, model_id, client_id, ends_at, price_cents, starts_at""",
        model_id, client_id, status, start, minutes, cents)


async def _pay(conn: asyncpg.Connection, booking: asyncpg.Record, *, provider: str = "sandbox",
               refunded: bool = False) -> None:
    paid_at = booking["starts_at"] - timedelta(days=2)
    payment = await conn.fetchrow(
        """INSERT INTO payments (booking_id, user_id, provider, provider_ref, status, amount_cents,
               refunded_cents, currency, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'USD', $8)
           RETURNING id, user_id, amount_cents, currency, provider, provider_ref, refunded_cents""",
        booking["id"], booking["client_id"], provider, f"seed_{secrets.token_hex(8)}",
        "refunded" if refunded else "succeeded", booking["price_cents"],
        booking["price_cents"] if refunded else 0, paid_at)
    await ledger.record_charge(conn, payment, booking, default_rate=DEFAULT_RATE, hold_days=HOLD_DAYS,
                               at=paid_at)
    if refunded:
        await ledger.record_refund(conn, payment, booking, booking["price_cents"], memo="demo refund",
                                   at=paid_at + timedelta(hours=3))


async def seed_payments(conn: asyncpg.Connection) -> None:
    """Call once, after the demo users, models and past sessions exist."""
    for booking in await conn.fetch(
            """SELECT b.id, b.model_id, b.client_id, b.ends_at, b.price_cents, b.starts_at
               FROM pnp_bookings b
               WHERE b.status = 'completed'
                 AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id)
               ORDER BY b.id"""):
        await _pay(conn, booking)
    client = await conn.fetchval("SELECT id FROM users WHERE role = 'PRIME' ORDER BY id LIMIT 1")
    models = await conn.fetch(
        """SELECT m.id, m.user_id, min(p.duration_minutes) AS minutes, min(p.price_cents) AS cents
           FROM pnp_models m JOIN pnp_model_prices p ON p.model_id = m.id
           WHERE m.deleted_at IS NULL GROUP BY m.id ORDER BY m.id""")
    if client is None or not models:
        return
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    for index, model in enumerate(models):
        for weeks in range(2, 8 - index % 3):  # older sessions: earnings available
            start = now - timedelta(weeks=weeks, hours=index * 2 + weeks % 3)
            await _pay(conn, await _paid_booking(conn, model_id=model["id"], client_id=client, start=start,
                                                 minutes=model["minutes"], cents=model["cents"],
                                                 status="completed"))
        refunded = await _paid_booking(conn, model_id=model["id"], client_id=client,
                                       start=now - timedelta(days=10, hours=index), minutes=model["minutes"],
                                       cents=model["cents"], status="refunded")
        await _pay(conn, refunded, refunded=True)
    first = models[0]
    upcoming = await _paid_booking(conn, model_id=first["id"], client_id=client,
                                   start=now + timedelta(days=2, hours=19 - now.hour),
                                   minutes=first["minutes"], cents=first["cents"], status="confirmed")
    await _pay(conn, upcoming, provider="crypto")
    available = (await ledger.balance(conn, first["id"]))["available_cents"]
    if available > 0:
        await conn.execute(
            """INSERT INTO ledger_entries (kind, model_id, amount_cents, currency, memo, created_at)
               VALUES ('payout', $1, $2, 'USD', 'demo payout', now() - interval '3 days')""",
            first["id"], -(available // 2))
