from __future__ import annotations

from typing import Any

from app.db import Connection
from app.events import EventBus
from realtime.channels import channel
from realtime.frames import NotificationFrame


async def notify(conn: Connection, events: EventBus, *, user_id: int, kind: str,
                 payload: dict[str, Any], dedupe_key: str | None = None) -> int | None:
    """Stores the notification (the outbox) and pushes it to `user:{id}` after commit.
    Returns None when `dedupe_key` was already used for this user."""
    row = await conn.fetchrow(
        # UNIQUE (user_id, dedupe_key): a retried event notifies once.
        """INSERT INTO notifications (user_id, kind, payload, dedupe_key) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, created_at""",
        user_id, kind, payload, dedupe_key)
    if row is None:
        return None
    frame = NotificationFrame(id=row["id"], kind=kind, payload=payload, created_at=row["created_at"])
    events.after_commit(conn, channel("user", user_id), frame)
    return int(row["id"])
