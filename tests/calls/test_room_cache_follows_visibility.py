"""A live room's cached visibility is replaced the moment a profile edit commits."""

from __future__ import annotations

from app.calls.rooms import RoomCache
from app.catalog import queries
from core.db import transaction
from tests.counting import lend, versions


async def test_cached_live_room_follows_a_visibility_change(conn) -> None:
    cache = versions()
    db, counting = lend(conn, cache)
    rooms = RoomCache(cache)
    model_id = await conn.fetchval(
        "INSERT INTO pnp_models (display_name, visibility) VALUES ('Cached', 'public') RETURNING id")
    assert (await rooms.live_model(db, model_id)).visibility == "public"
    assert (await rooms.live_model(db, model_id)).visibility == "public"
    assert counting.queries == 1
    async with transaction(db) as tx:
        assert await queries.update_model(tx, model_id, {"visibility": "prime"})
    assert (await rooms.live_model(db, model_id)).visibility == "prime"
    async with transaction(db) as tx:
        assert await queries.soft_delete_model(tx, model_id)
    assert await rooms.live_model(db, model_id) is None
