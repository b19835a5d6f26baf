"""Who may publish or play which media room, decided against the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request

from app.auth.guards import current_user
from app.calls import queries
from app.catalog.service import visible_to
from core.db import transaction
from media import MediaAccessDenied, Participant, Room
from media.access import Action

LIVE_CALL_STATUSES = ("confirmed", "in_progress")


class BookingMediaAccess:
    """`live:{model_id}`: the model publishes, whoever may see the profile plays.
    `call:{booking_id}`: its client and its model, both ways, only while the booking is confirmed
    and from `grace` before its start until its end."""

    def __init__(self, *, grace: timedelta) -> None:
        self.grace = grace

    async def authorize(self, request: Request[Any, Any, Any], room: Room, action: Action) -> Participant:
        user = current_user(request)
        async with transaction(request.app.state.db) as conn:
            if room.kind == "live":
                model = await queries.live_model(conn, room.id)
                booking = None
            else:
                booking = await queries.call_booking(conn, room.id)
                model = None
        if room.kind == "live":
            self._check_live(user, model, action)
        else:
            self._check_call(user, booking)
        return Participant(user_id=user.id if user else None, role=user.role if user else None)

    @staticmethod
    def _check_live(user: Any, model: Any, action: Action) -> None:
        if model is None:
            raise MediaAccessDenied(404, "no such live show")
        if action == "publish":
            if user is None:
                raise MediaAccessDenied(401, "sign in to go live")
            if model["user_id"] != user.id:
                raise MediaAccessDenied(403, "only this model can go live in this show")
            return
        if model["visibility"] not in visible_to(user):
            if model["visibility"] == "prime":
                raise MediaAccessDenied(403, "this show is for PRIME members")
            raise MediaAccessDenied(404, "no such live show")

    def _check_call(self, user: Any, booking: Any) -> None:
        if booking is None:
            raise MediaAccessDenied(404, "no such booked call")
        if user is None:
            raise MediaAccessDenied(401, "sign in to join your call")
        if user.id not in (booking["client_id"], booking["model_user_id"]):
            raise MediaAccessDenied(403, "only the booking's client and model can join this call")
        if booking["status"] not in LIVE_CALL_STATUSES:
            raise MediaAccessDenied(403, f"this booking is {booking['status']}, not confirmed")
        opens = booking["starts_at"] - self.grace
        if booking["now"] < opens:
            raise MediaAccessDenied(403, f"the call opens at {opens:%Y-%m-%d %H:%M} UTC")
        if booking["now"] >= booking["ends_at"]:
            raise MediaAccessDenied(403, "this call has ended")
