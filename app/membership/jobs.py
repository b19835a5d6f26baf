"""The membership's periodic job: accounts whose last period ended go back to FREE (their paid
bookings stay as they are), and a renewal reminder goes out `membership_reminder_days` before
a period with nothing chained after it ends. Every instance runs it: the per-user advisory lock
and a re-check make expiry happen once, the notification's dedupe key makes the reminder once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from app.membership import queries
from app.membership.service import follow_periods
from app.notifications.service import notify
from core.config import Settings
from core.db import Database, transaction
from core.events import EventBus
from core.jobs import every

log = logging.getLogger(__name__)
REMINDER = "membership.reminder"


async def expire(db: Database, *, batch: int = 100) -> int:
    """One pass; returns how many accounts went back to FREE."""
    done = 0
    async with transaction(db) as conn:
        for user_id in await queries.lapsed_members(conn, batch):
            try:
                async with conn.transaction():
                    await queries.lock_member(conn, user_id)
                    before = await queries.role(conn, user_id)
                    await follow_periods(conn, user_id, by=None, reason="PRIME membership ended")
                    done += before == "PRIME" and not await queries.is_active(conn, user_id)
            except Exception:
                log.exception("could not end the membership of user %s", user_id)
    return done


async def remind(db: Database, events: EventBus, settings: Settings, *, batch: int = 100) -> int:
    """One pass; returns how many reminders were sent (each period is reminded once)."""
    sent = 0
    async with transaction(db) as conn:
        for period in await queries.ending_soon(conn, days=settings.membership_reminder_days, limit=batch):
            payload = {"ends_at": period["ends_at"].isoformat(), "plan": period["plan"]}
            sent += await notify(conn, events, user_id=period["user_id"], kind=REMINDER, payload=payload,
                                 dedupe_key=f"{REMINDER}:{period['id']}") is not None
    return sent


async def membership_pass(app: Litestar) -> None:
    await expire(app.state.db)
    await remind(app.state.db, app.state.events, app.state.settings)


@asynccontextmanager
async def membership_lifespan(app: Litestar) -> AsyncIterator[None]:
    async with every(app.state.settings.membership_interval_s, lambda: membership_pass(app),
                     name="membership expiry"):
        yield
