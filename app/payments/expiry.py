"""Background payment jobs: cancel payments still open when their booking's hold lapsed (or the
booking ended otherwise), and carry out refunds cancelled bookings owe. Runs beside the booking
sweeper; rows are taken FOR UPDATE SKIP LOCKED, so instances share the work."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from app.payments import queries
from app.payments.checkout import cancel_open
from app.payments.providers.base import Provider
from core.db import Database, transaction
from core.jobs import every

log = logging.getLogger(__name__)


async def cancel_lapsed(db: Database, providers: dict[str, Provider], *, batch: int = 50) -> int:
    """One pass; returns how many open payments were cancelled. A provider error leaves that
    payment open for the next pass."""
    cancelled = 0
    async with transaction(db) as conn:
        for payment in await queries.open_of_ended_bookings(conn, batch):
            try:
                async with conn.transaction():
                    cancelled += await cancel_open(conn, providers, payment)
            except Exception:
                log.exception("could not cancel payment %s", payment["id"])
    return cancelled


async def expiry_pass(app: Litestar) -> None:
    from app.payments.providers import registry
    from app.payments.refunds import refund_owed

    providers = registry(app.state)
    await cancel_lapsed(app.state.db, providers)
    await refund_owed(app.state.db, providers, app.state.settings, app.state.events)


@asynccontextmanager
async def expiry_lifespan(app: Litestar) -> AsyncIterator[None]:
    async with every(app.state.settings.payment_expiry_interval_s, lambda: expiry_pass(app),
                     name="payment expiry"):
        yield
