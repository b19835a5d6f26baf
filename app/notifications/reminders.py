"""Reminders before a booking starts: a notification (WebSocket, stored) for the client and
the model at each lead time, then a Telegram message through the Bot API (outbox column
`telegram_sent_at`). Every instance runs the loop: `dedupe_key` and SKIP LOCKED keep it single."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
from litestar import Litestar

from app.notifications import queries
from app.notifications.service import notify
from core.config import Settings
from core.db import Database, transaction
from core.events import EventBus
from core.jobs import Periodic

log = logging.getLogger(__name__)
REMINDER = "booking.reminder"


def reminder_text(payload: dict[str, object]) -> str:
    return (f"Reminder: your PNP Live session with {payload['with']} starts in "
            f"{payload['minutes_before']} minutes ({payload['starts_at']}).")


class Reminders:
    def __init__(self, *, db: Database, events: EventBus, settings: Settings) -> None:
        self.db, self.events, self.settings = db, events, settings
        self._loop: Periodic | None = None
        self._http: httpx.AsyncClient | None = None

    def start(self) -> None:
        self._http = httpx.AsyncClient(timeout=10)
        self._loop = Periodic(self.settings.reminder_every, self.run_once, name="booking-reminders")
        self._loop.start()

    async def stop(self) -> None:
        if self._loop is not None:
            await self._loop.stop()
        if self._http is not None:
            await self._http.aclose()

    async def run_once(self) -> int:
        created = 0
        async with transaction(self.db) as conn:
            reminded: set[int] = set()
            for lead in sorted(self.settings.reminder_leads_min):  # the nearest lead wins
                for booking in await queries.bookings_starting(conn, within_min=lead):
                    if booking["id"] in reminded:
                        continue
                    reminded.add(booking["id"])
                    for user_id, other in ((booking["client_id"], booking["display_name"]),
                                           (booking["model_user_id"], "your client")):
                        if user_id is None:
                            continue
                        payload = {"booking_id": booking["id"], "minutes_before": lead,
                                   "starts_at": booking["starts_at"].isoformat(), "with": other}
                        if await notify(conn, self.events, user_id=user_id, kind=REMINDER,
                                        payload=payload,
                                        dedupe_key=f"{REMINDER}:{booking['id']}:{lead}") is not None:
                            created += 1
        if self.settings.telegram_bot_token:
            await self.send_telegram()
        return created

    async def send_telegram(self) -> int:
        assert self._http is not None
        url = f"{self.settings.telegram_api_base}/bot{self.settings.telegram_bot_token}/sendMessage"
        sent = 0
        async with transaction(self.db) as conn:
            for row in await queries.telegram_outbox(conn, kinds=[REMINDER], limit=50):
                try:
                    response = await self._http.post(url, json={
                        "chat_id": row["telegram_id"], "text": reminder_text(row["payload"])})
                    response.raise_for_status()
                except httpx.HTTPError:
                    log.warning("reminders: Telegram refused notification %s; retrying later", row["id"])
                    continue
                await queries.mark_telegram_sent(conn, row["id"], datetime.now(UTC))
                sent += 1
        return sent


@asynccontextmanager
async def reminders_lifespan(app: Litestar) -> AsyncIterator[None]:
    reminders = Reminders(db=app.state.db, events=app.state.events, settings=app.state.settings)
    reminders.start()
    try:
        yield
    finally:
        await reminders.stop()
