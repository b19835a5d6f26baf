from __future__ import annotations

from typing import Any

import msgspec

from app.notifications import queries
from app.notifications.schemas import MarkedRead, NotificationOut, NotificationPage
from core.db import Connection, Database
from core.events import EventBus
from core.versioned import Versioned
from realtime.channels import channel
from realtime.frames import NotificationFrame


async def notify(conn: Connection, events: EventBus, *, user_id: int, kind: str,
                 payload: dict[str, Any], dedupe_key: str | None = None) -> int | None:
    """Stores the notification (the outbox) and pushes it to `user:{id}` after commit.
    Returns None when `dedupe_key` was already used for this user."""
    row = await queries.insert_notification(conn, user_id=user_id, kind=kind, payload=payload,
                                            dedupe_key=dedupe_key)
    if row is None:
        return None
    frame = NotificationFrame(id=row["id"], kind=kind, payload=payload, created_at=row["created_at"])
    events.after_commit(conn, channel("user", user_id), frame)
    return int(row["id"])


async def notify_many(conn: Connection, events: EventBus, *, user_ids: list[int], kind: str,
                      payload: dict[str, Any]) -> None:
    """`notify` for several users in one statement (no dedupe key)."""
    rows = await queries.insert_notifications(conn, user_ids=user_ids, kind=kind, payload=payload)
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


class _Unread(msgspec.Struct, frozen=True, array_like=True):
    limit: int
    count: int
    newest: list[NotificationFrame]


_decode_unread = msgspec.msgpack.Decoder(_Unread).decode
_encode = msgspec.msgpack.Encoder().encode


class UnreadInbox:
    """The gateway's `realtime.domain.Inbox`: what a socket is sent the moment it connects.
    Cached under `unread:{user_id}` (core/versioned.py), which queries.py touches wherever a
    notification is inserted or marked read; a miss is one query."""

    def __init__(self, versions: Versioned) -> None:
        self.versions = versions

    async def unread(self, db: Database, user_id: int, *,
                     limit: int) -> tuple[int, list[NotificationFrame]]:
        key = f"unread:{user_id}"
        stamp, hit = await self.versions.get(key, [key])
        if hit is not None:
            cached = _decode_unread(hit)
            if cached.limit == limit:
                return cached.count, cached.newest
        async with db.acquire() as conn:
            rows = await queries.unread_and_newest(conn, user_id, limit=limit)
        newest = [NotificationFrame(id=r["id"], kind=r["kind"], payload=r["payload"],
                                    created_at=r["created_at"]) for r in rows if r["id"] is not None]
        count = int(rows[0]["unread"])
        await self.versions.put(key, stamp, _encode(_Unread(limit=limit, count=count, newest=newest)))
        return count, newest
