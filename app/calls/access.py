"""Who may enter which room — chat (the gateway's `RoomAccess`) and media (`MediaAccess`) —
decided once, on the rooms' rows as app/calls/rooms.py caches them.

`live:{model_id}`: whoever may see the profile reads its chat and plays its show; only its model
publishes. `call:{booking_id}`: its client and its model; the call's media only while the
booking is confirmed, from `grace` before its start until its end; its chat at any time, and
staff may read it (moderation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import msgspec
from litestar import Request

from app.auth.guards import current_user
from app.calls.rooms import CallBooking, LiveModel, RoomCache
from app.catalog.service import visible_to
from core.db import Database
from core.roles import STAFF
from media import MediaAccessDenied, Participant, Room
from media.access import Action
from realtime.domain import Member, RoomKind
from realtime.permissions import Denied

LIVE_CALL_STATUSES = ("confirmed", "in_progress")
Entry = Literal["publish", "play", "chat"]
_CODES = {401: "forbidden", 403: "forbidden", 404: "not_found"}


class Refusal(msgspec.Struct, frozen=True):
    status: int
    detail: str


class RoomPolicy:
    def __init__(self, *, grace: timedelta, rooms: RoomCache) -> None:
        self.grace, self.rooms = grace, rooms

    async def authorize(self, request: Request[Any, Any, Any], room: Room, action: Action) -> Participant:
        user = current_user(request)
        refusal = await self.refusal(request.app.state.db, user, room.kind, room.id, action)
        if refusal is not None:
            raise MediaAccessDenied(refusal.status, refusal.detail)
        return Participant(user_id=user.id if user else None, role=user.role if user else None)

    async def check_chat(self, db: Database, member: Member, kind: RoomKind, number: int) -> None:
        refusal = await self.refusal(db, member, kind, number, "chat")
        if refusal is not None:
            raise Denied(_CODES[refusal.status], refusal.detail)

    async def refusal(self, db: Database, user: Member | None, kind: RoomKind, number: int,
                      entry: Entry) -> Refusal | None:
        if kind == "live":
            return self._live(user, await self.rooms.live_model(db, number), entry)
        return self._call(user, await self.rooms.call_booking(db, number), entry)

    @staticmethod
    def _live(user: Any, model: LiveModel | None, entry: Entry) -> Refusal | None:
        if model is None:
            return Refusal(404, "no such live room" if entry == "chat" else "no such live show")
        if entry == "publish":
            if user is None:
                return Refusal(401, "sign in to go live")
            if model.user_id != user.id:
                return Refusal(403, "only this model can go live in this show")
            return None
        if model.visibility in visible_to(user):
            return None
        if model.visibility == "prime" and entry != "chat":  # the chat does not confirm it exists
            return Refusal(403, "this show is for PRIME members")
        return Refusal(404, "no such live room" if entry == "chat" else "no such live show")

    def _call(self, user: Any, booking: CallBooking | None, entry: Entry) -> Refusal | None:
        if booking is None:
            return Refusal(404, "no such call room" if entry == "chat" else "no such booked call")
        if user is None:
            return Refusal(401, "sign in to join your call")
        party = user.id in (booking.client_id, booking.model_user_id)
        if entry == "chat":
            if party or user.role in STAFF:
                return None
            return Refusal(403, "a call room is open only to its client, its model and staff")
        if not party:
            return Refusal(403, "only the booking's client and model can join this call")
        if booking.status not in LIVE_CALL_STATUSES:
            return Refusal(403, f"this booking is {booking.status}, not confirmed")
        opens, now = booking.starts_at - self.grace, datetime.now(UTC)
        if now < opens:
            return Refusal(403, f"the call opens at {opens:%Y-%m-%d %H:%M} UTC")
        if now >= booking.ends_at:
            return Refusal(403, "this call has ended")
        return None
