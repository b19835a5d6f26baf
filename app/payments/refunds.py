"""Refunds the booking module decided and payments carry out: a cancelled booking owes its
`refund_cents` (set by the cancel policy), a refunded one its price. The job pays back the
difference between what is owed and what was refunded already, so it can run any number of times."""

from __future__ import annotations

import logging

from app import audit
from app.bookings import queries as bookings
from app.payments import queries, settle
from app.payments.providers.base import Provider
from core.config import Settings
from core.db import Database, transaction
from core.events import EventBus

log = logging.getLogger(__name__)

async def refund_owed(db: Database, providers: dict[str, Provider], settings: Settings, events: EventBus,
                      *, batch: int = 50) -> int:
    """One pass; returns how many refunds were made. A provider error leaves it for the next pass."""
    done = 0
    async with transaction(db) as conn:
        for row in await queries.owed_refunds(conn, batch):
            delta = min(int(row["owed"]), row["amount_cents"] - row["refunded_cents"])
            if delta <= 0:
                continue
            try:
                async with conn.transaction():
                    booking = await bookings.get(conn, row["booking_id"], lock=True)
                    payment = await queries.lock(conn, row["id"])
                    ref = await providers[row["provider"]].refund(row["provider_ref"], delta)
                    await settle.refunded(conn, events, settings, payment, booking,
                                          payment["refunded_cents"] + delta, reason="booking_cancelled")
                    await audit.record(conn, actor_id=None, action="payment.refunded", entity="payment",
                                       entity_id=row["id"], data={"amount_cents": delta, "refund": ref})
                    done += 1
            except Exception:
                log.exception("refund of payment %s failed; retrying next pass", row["id"])
    return done
