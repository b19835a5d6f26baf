"""Booking events: a notification to the client and to the model's account, delivered after commit."""

from __future__ import annotations

from typing import Any, Literal

import asyncpg

from app.notifications.service import notify_many
from core.db import Connection
from core.events import EventBus

BookingEvent = Literal["held", "confirmed", "cancelled", "rescheduled", "expired", "completed",
                       "refunded", "no_show", "in_progress", "pending_payment"]


def payload(row: asyncpg.Record, **extra: Any) -> dict[str, Any]:
    data = {"booking_id": row["id"], "model_id": row["model_id"], "status": row["status"],
            "starts_at": row["starts_at"].isoformat(), "ends_at": row["ends_at"].isoformat()}
    data.update(extra)
    return data


async def announce(conn: Connection, events: EventBus | None, row: asyncpg.Record, event: BookingEvent,
                   **extra: Any) -> None:
    if events is None:
        return
    body = payload(row, **extra)
    recipients = sorted({row["client_id"], row["model_user_id"]} - {None})
    await notify_many(conn, events, user_ids=recipients, kind=f"booking.{event}", payload=body)
