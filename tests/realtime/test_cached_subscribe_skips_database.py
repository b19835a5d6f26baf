"""Once a room's answer is cached, subscribing to it sends nothing to PostgreSQL; a connect's
unread count costs at most one round trip, none once cached."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from app.calls.access import RoomPolicy
from app.calls.rooms import RoomCache
from app.notifications.service import UnreadInbox
from realtime import permissions
from tests.counting import lend, versions


class _Member(msgspec.Struct, frozen=True):
    id: int
    role: str
    onboarded: bool = True


async def test_a_cached_room_and_inbox_need_no_query(conn) -> None:
    cache = versions()
    db, counting = lend(conn, cache)
    policy = RoomPolicy(grace=timedelta(minutes=10), rooms=RoomCache(cache))
    model_id = await conn.fetchval("INSERT INTO pnp_models (display_name) VALUES ('Storm') RETURNING id")
    user_id = await conn.fetchval(
        "INSERT INTO users (telegram_id) VALUES ((random() * 1e12)::bigint + 1e12) RETURNING id")
    await conn.execute("INSERT INTO notifications (user_id, kind, payload) VALUES ($1, 'news', '{}')",
                       user_id)
    member, inbox = _Member(id=user_id, role="FREE"), UnreadInbox(cache)
    await permissions.check(db, policy, member, f"room:live:{model_id}")
    assert (await inbox.unread(db, user_id, limit=20))[0] == 1
    assert counting.queries == 2
    for _ in range(3):
        await permissions.check(db, policy, member, f"room:live:{model_id}")
        assert (await inbox.unread(db, user_id, limit=20))[0] == 1
    assert counting.queries == 2
