"""At the end of a booked call: close its peers, then completed, or no_show from the join log."""

from __future__ import annotations

import logging

from app.bookings.lifecycle import transition
from app.calls import queries
from core.db import Database, transaction
from core.events import EventBus
from media import Room, RoomRegistry

log = logging.getLogger(__name__)


async def close_ended_calls(db: Database, registry: RoomRegistry, events: EventBus) -> int:
    async with transaction(db) as conn:
        ended = await queries.ended_calls(conn)
        for call in ended:
            both = call["client_joined"] and call["model_joined"]
            if both and call["status"] == "confirmed":
                await transition(conn, call["id"], to="in_progress")
            await transition(conn, call["id"], to="completed" if both else "no_show", events=events,
                             reason=None if both else _who_missed(call))
    for call in ended:
        await registry.close_room(Room("call", call["id"]))
    return len(ended)


def _who_missed(call: dict) -> str:
    missing = [who for who, joined in (("client", call["client_joined"]), ("model", call["model_joined"]))
               if not joined]
    return "did not join: " + ", ".join(missing)
