"""A stand-in for the app's auth middleware and access rules, driven by a test header."""

from typing import Any

import msgspec
from litestar import Request
from litestar.types import ASGIApp, Receive, Scope, Send

from media import MediaAccessDenied, Participant, Room
from media.access import Action

USER_HEADER = "x-test-user"
PRIME_SHOW_MODEL_ID = 99


class CurrentUser(msgspec.Struct, frozen=True):
    id: int
    role: str


class Booking(msgspec.Struct, frozen=True):
    model_id: int
    client_id: int
    window_open: bool


BOOKINGS = {
    1: Booking(model_id=10, client_id=20, window_open=True),
    2: Booking(model_id=10, client_id=21, window_open=False),
}


def user_header(user_id: int, role: str) -> dict[str, str]:
    return {USER_HEADER: f"{user_id}:{role}"}


def header_user_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = dict(scope["headers"]).get(USER_HEADER.encode())
            user = None
            if raw:
                user_id, role = raw.decode().split(":")
                user = CurrentUser(int(user_id), role)
            scope["user"] = user
        await app(scope, receive, send)

    return middleware


class HeaderAccess:
    async def authorize(
        self, request: Request[Any, Any, Any], room: Room, action: Action
    ) -> Participant:
        user = request.scope.get("user")
        if user is None:
            raise MediaAccessDenied(401, "sign in first")
        if room.kind == "live":
            if action == "publish" and (user.role != "MODEL" or user.id != room.id):
                raise MediaAccessDenied(403, "only this model goes live here")
            if room.id == PRIME_SHOW_MODEL_ID and user.role == "FREE":
                raise MediaAccessDenied(403, "this show is for PRIME members")
        else:
            booking = BOOKINGS.get(room.id)
            if booking is None:
                raise MediaAccessDenied(404, "no such booking")
            if user.id not in (booking.model_id, booking.client_id):
                raise MediaAccessDenied(403, "not your booking")
            if not booking.window_open:
                raise MediaAccessDenied(403, "the call is not open now")
        return Participant(user_id=user.id, role=user.role)
