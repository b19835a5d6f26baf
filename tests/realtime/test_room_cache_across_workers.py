"""Two workers share only Redis: a visibility change committed on one reaches the room answer
the other had cached."""

from __future__ import annotations

import uuid

from app.calls.rooms import RoomCache
from app.catalog import queries
from core.db import transaction
from tests.counting import lend, versions


async def test_a_touch_on_one_worker_reaches_the_other(conn) -> None:
    namespace = f"test-{uuid.uuid4().hex}"
    first, second = versions(namespace), versions(namespace)
    assert first.kv is not second.kv
    first_db, _ = lend(conn, first)
    second_db, second_count = lend(conn, second)
    model_id = await conn.fetchval(
        "INSERT INTO pnp_models (display_name, visibility) VALUES ('Shared', 'public') RETURNING id")
    assert (await RoomCache(first).live_model(first_db, model_id)).visibility == "public"
    assert (await RoomCache(second).live_model(second_db, model_id)).visibility == "public"
    assert second_count.queries == 0
    async with transaction(first_db) as tx:
        await queries.update_model(tx, model_id, {"visibility": "hidden"})
    assert (await RoomCache(second).live_model(second_db, model_id)).visibility == "hidden"
