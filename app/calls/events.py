"""What the media relay reports becomes the join log and booking progress."""

from __future__ import annotations

import logging
from typing import Any

from app.bookings.lifecycle import transition
from app.calls import queries
from app.errors import Problem
from core.db import Database, transaction
from core.events import EventBus
from core.metrics import RELAY_VIEWERS
from media import Room

log = logging.getLogger(__name__)
_ACTION = {"publisher": "publish", "viewer": "play"}
_VIEWER_DELTA = {"viewer_joined": 1, "viewer_left": -1}


class RoomEvents:
    """The RoomRegistry's event hook. Joins and leaves are logged per user; the first join of a
    confirmed booked call moves it to in_progress."""

    _db: Database
    _events: EventBus

    def bind(self, db: Database, events: EventBus) -> None:
        """The registry exists before the database pool; the lifespan binds them."""
        self._db = db
        self._events = events

    async def __call__(self, room: Room, kind: str, data: dict[str, Any]) -> None:
        if kind in _VIEWER_DELTA:  # the registry announces every viewer that joined as left too
            RELAY_VIEWERS.inc(_VIEWER_DELTA[kind])
        try:
            await self._record(room, kind, data)
        except Exception:
            log.exception("could not record media event %s on %s", kind, room.name)

    async def _record(self, room: Room, kind: str, data: dict[str, Any]) -> None:
        who, _, what = kind.partition("_")
        user_id = data.get("user_id")
        if who not in _ACTION or user_id is None:
            return
        booking_id = room.id if room.kind == "call" else None
        async with transaction(self._db) as conn:
            if what == "joined":
                await queries.log_join(conn, room=room.name, booking_id=booking_id, user_id=user_id,
                                       action=_ACTION[who])
                if booking_id is not None:
                    await _start(conn, booking_id, user_id, self._events)
            else:
                await queries.log_leave(conn, room=room.name, user_id=user_id, action=_ACTION[who])


async def _start(conn: Any, booking_id: int, user_id: int, events: EventBus) -> None:
    try:
        async with conn.transaction():
            await transition(conn, booking_id, to="in_progress", actor_id=user_id,
                             only_from=["confirmed"], events=events)
    except Problem as exc:
        if exc.status_code != 409:
            raise
