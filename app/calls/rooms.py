"""What `RoomPolicy` decides on, cached (core/versioned.py) so that a room subscribe, the storm
after a deploy included, does not reach PostgreSQL. The writes that change an answer touch its
name next to their SQL: `live:{model_id}` (app/catalog/queries.py: profile update, delete),
`call:{booking_id}` (app/bookings/queries.py: every status change, reschedule) and
`model-accounts` (a profile linked to another account). A missing room is not cached: it
costs a query each time, and a new one needs no touch."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

import asyncpg
import msgspec

from app.calls import queries
from core.db import Connection, Database
from core.versioned import Versioned


class LiveModel(msgspec.Struct, frozen=True, array_like=True):
    user_id: int | None
    visibility: str


class CallBooking(msgspec.Struct, frozen=True, array_like=True):
    status: str
    client_id: int
    model_user_id: int | None
    starts_at: datetime
    ends_at: datetime


_encode = msgspec.msgpack.Encoder().encode
_decoders: dict[type, msgspec.msgpack.Decoder[Any]] = {LiveModel: msgspec.msgpack.Decoder(LiveModel),
             CallBooking: msgspec.msgpack.Decoder(CallBooking)}

Room = TypeVar("Room", LiveModel, CallBooking)
Query = Callable[[Connection, int], Awaitable[asyncpg.Record | None]]


class RoomCache:
    def __init__(self, versions: Versioned) -> None:
        self.versions = versions

    async def live_model(self, db: Database, model_id: int) -> LiveModel | None:
        return await self._cached(db, LiveModel, queries.live_model, model_id,
                                  key=f"live:{model_id}", depends=())

    async def call_booking(self, db: Database, booking_id: int) -> CallBooking | None:
        return await self._cached(db, CallBooking, queries.call_booking, booking_id,
                                  key=f"call:{booking_id}", depends=("model-accounts",))

    async def _cached(self, db: Database, kind: type[Room], query: Query, number: int, *,
                      key: str, depends: tuple[str, ...]) -> Room | None:
        """The cached answer under `key` (current while `key` and `depends` are untouched), else
        the query's row as `kind`, cached; an absent room is not."""
        stamp, hit = await self.versions.get(key, [key, *depends])
        if hit is not None:
            return _decoders[kind].decode(hit)
        async with db.acquire() as conn:
            row = await query(conn, number)
        if row is None:
            return None
        room = kind(**row)
        await self.versions.put(key, stamp, _encode(room))
        return room
