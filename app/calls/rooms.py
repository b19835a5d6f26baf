"""What `RoomPolicy` decides on, cached (core/versioned.py) so that a room subscribe, the storm
after a deploy included, does not reach PostgreSQL. The writes that change an answer touch its
name next to their SQL: `live:{model_id}` (app/catalog/queries.py: profile update, delete),
`call:{booking_id}` (app/bookings/queries.py: every status change, reschedule) and
`model-accounts` (a profile linked to another account). A missing room is not cached: it
costs a query each time, and a new one needs no touch."""

from __future__ import annotations

from datetime import datetime

import msgspec

from app.calls import queries
from core.db import Database
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


_live = msgspec.msgpack.Decoder(LiveModel)
_call = msgspec.msgpack.Decoder(CallBooking)
_encode = msgspec.msgpack.Encoder().encode


class RoomCache:
    def __init__(self, versions: Versioned) -> None:
        self.versions = versions

    async def live_model(self, db: Database, model_id: int) -> LiveModel | None:
        key = f"live:{model_id}"
        stamp, hit = await self.versions.get(key, [key])
        if hit is not None:
            return _live.decode(hit)
        async with db.acquire() as conn:
            row = await queries.live_model(conn, model_id)
        if row is None:
            return None
        model = LiveModel(user_id=row["user_id"], visibility=row["visibility"])
        await self.versions.put(key, stamp, _encode(model))
        return model

    async def call_booking(self, db: Database, booking_id: int) -> CallBooking | None:
        key = f"call:{booking_id}"
        stamp, hit = await self.versions.get(key, [key, "model-accounts"])
        if hit is not None:
            return _call.decode(hit)
        async with db.acquire() as conn:
            row = await queries.call_booking(conn, booking_id)
        if row is None:
            return None
        booking = CallBooking(status=row["status"], client_id=row["client_id"],
                              model_user_id=row["model_user_id"], starts_at=row["starts_at"],
                              ends_at=row["ends_at"])
        await self.versions.put(key, stamp, _encode(booking))
        return booking
