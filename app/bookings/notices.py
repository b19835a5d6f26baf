"""Booking events: a notification to the client and to the model's account, delivered after commit."""

from __future__ import annotations

from typing import Any, Literal

import asyncpg

from app.notifications.service import notify_many
from core.db import Connection
from core.events import EventBus
from realtime.channels import channel
from realtime.frames import NotificationFrame

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


def publish_stored(conn: Connection, events: EventBus | None, row: asyncpg.Record) -> None:
    """Pushes the notifications a booking statement stored itself (queries.NOTICES) after commit."""
    if events is None or row["notice_ids"] is None:
        return
    for notice in zip(row["notice_ids"], row["notice_users"], row["notice_kinds"], row["notice_payloads"],
                      row["notice_times"], strict=True):
        frame = NotificationFrame(id=notice[0], kind=notice[2], payload=notice[3], created_at=notice[4])
        events.after_commit(conn, channel("user", notice[1]), frame)
