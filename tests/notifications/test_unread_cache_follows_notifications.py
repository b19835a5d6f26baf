"""The unread count a socket gets on connect is cached, and a new notification or a mark-read
replaces it the moment it commits."""

from __future__ import annotations

from app.notifications import service
from app.notifications.service import UnreadInbox
from core.db import transaction
from core.events import EventBus
from tests.counting import lend, versions


class _Nowhere:
    async def publish(self, channel: str, data: bytes) -> None:
        return None


async def test_unread_count_follows_inserts_and_reads(conn) -> None:
    cache = versions()
    db, counting = lend(conn, cache)
    inbox, events = UnreadInbox(cache), EventBus(_Nowhere())
    user, other = [await conn.fetchval(
        "INSERT INTO users (telegram_id) VALUES ((random() * 1e12)::bigint + 1e12) RETURNING id")
        for _ in range(2)]
    assert await inbox.unread(db, user, limit=20) == (0, [])
    assert await inbox.unread(db, user, limit=20) == (0, [])
    assert counting.queries == 1
    async with transaction(db) as tx:
        await service.notify(tx, events, user_id=user, kind="booking.confirmed", payload={"n": 1})
    count, newest = await inbox.unread(db, user, limit=20)
    assert count == 1 and [f.payload for f in newest] == [{"n": 1}]
    async with transaction(db) as tx:
        await service.notify_many(tx, events, user_ids=[user, other], kind="news", payload={"n": 2})
    count, newest = await inbox.unread(db, user, limit=20)
    assert count == 2 and [f.payload for f in newest] == [{"n": 2}, {"n": 1}]
    async with transaction(db) as tx:
        await service.mark_read(tx, user_id=user, ids=[newest[0].id])
    assert (await inbox.unread(db, user, limit=20))[0] == 1
    async with transaction(db) as tx:
        await service.mark_read(tx, user_id=user, ids=None)
    assert await inbox.unread(db, user, limit=20) == (0, [])
