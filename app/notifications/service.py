from __future__ import annotations

from typing import Any

import msgspec

from app.notifications import queries
from app.notifications.schemas import MarkedRead, NotificationOut, NotificationPage
from core.db import Connection
from core.events import EventBus
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


async def notify_many(conn: Connection, events: EventBus, *, user_ids: list[int], kind: str,
                      payload: dict[str, Any]) -> None:
    """`notify` for several users in one statement (no dedupe key)."""
    rows = await conn.fetch(
        """INSERT INTO notifications (user_id, kind, payload)
           SELECT u, $2, $3 FROM unnest($1::bigint[]) WITH ORDINALITY AS t(u, n) ORDER BY n
           RETURNING id, user_id, created_at""",
        user_ids, kind, payload)
    for row in rows:
        frame = NotificationFrame(id=row["id"], kind=kind, payload=payload, created_at=row["created_at"])
        events.after_commit(conn, channel("user", row["user_id"]), frame)


async def page(conn: Connection, *, user_id: int, unread_only: bool, limit: int,
               before_id: int | None) -> NotificationPage:
    rows = await queries.list_for(conn, user_id, unread_only=unread_only, limit=limit,
                                  before_id=before_id)
    items = [msgspec.convert(dict(r), NotificationOut) for r in rows]
    return NotificationPage(items=items, unread=await queries.unread_count(conn, user_id),
                            next_before_id=items[-1].id if len(items) == limit else None)


async def mark_read(conn: Connection, *, user_id: int, ids: list[int] | None) -> MarkedRead:
    marked = await queries.mark_read(conn, user_id, ids)
    return MarkedRead(marked=marked, unread=await queries.unread_count(conn, user_id))


class UnreadInbox:
    """The gateway's `realtime.domain.Inbox`: what a socket is sent the moment it connects."""

    async def unread(self, conn: Connection, user_id: int, *,
                     limit: int) -> tuple[int, list[NotificationFrame]]:
        count = await queries.unread_count(conn, user_id)
        rows = await queries.list_for(conn, user_id, unread_only=True, limit=limit,
                                      before_id=None) if count else []
        return count, [NotificationFrame(id=r["id"], kind=r["kind"], payload=r["payload"],
                                         created_at=r["created_at"]) for r in rows]
