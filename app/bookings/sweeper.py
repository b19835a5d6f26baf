"""Releases expired holds in the background. Several instances may run it at once: each batch
locks its rows with FOR UPDATE SKIP LOCKED, so a row is expired (and announced) exactly once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from app import audit
from app.bookings import queries
from app.bookings.notices import announce
from core.db import Database, transaction
from core.events import EventBus
from core.jobs import every
from core.metrics import HOLDS_EXPIRED

log = logging.getLogger(__name__)

async def sweep_once(db: Database, events: EventBus | None, *, batch: int = 200) -> int:
    """Expire every due hold, one committed batch at a time; returns how many were expired."""
    total = 0
    while True:
        async with transaction(db) as conn:
            rows = await queries.expire_due(conn, limit=batch)
            for row in rows:
                await audit.record(conn, actor_id=None, action="booking.expired", entity="booking",
                                   entity_id=row["id"], data={"by": "sweeper"})
                await announce(conn, events, row, "expired")
        HOLDS_EXPIRED.inc(len(rows))
        total += len(rows)
        if len(rows) < batch:
            return total


async def _sweep_and_log(db: Database, events: EventBus | None) -> None:
    expired = await sweep_once(db, events)
    if expired:
        log.info("sweeper expired %d holds", expired)


@asynccontextmanager
async def sweeper_lifespan(app: Litestar) -> AsyncIterator[None]:
    """Runs the sweeper for the app's lifetime (after the database lifespan set `state.db`);
    `booking_sweep_interval_s` <= 0 turns it off."""
    async with every(app.state.settings.booking_sweep_interval_s,
                     lambda: _sweep_and_log(app.state.db, app.state.events), name="hold sweeper"):
        yield
