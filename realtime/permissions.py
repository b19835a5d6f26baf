"""Who may subscribe to which channel. Each channel name is parsed and rebuilt through
`realtime.channels.channel`, so only names it makes are accepted."""

from __future__ import annotations

from core.db import Database
from core.roles import STAFF
from realtime.channels import channel
from realtime.domain import Member, RoomAccess


class Denied(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail


def parse(name: str) -> tuple[str, str | None]:
    """(kind, key) of a channel name that `channel()` would build, else Denied."""
    kind, _, key = name.partition(":")
    try:
        rebuilt = channel(kind, key or None)  # type: ignore[arg-type]
    except ValueError:
        rebuilt = None
    number = key.partition(":")[2] if kind == "room" else key
    valid_key = key == "" or (number.isdigit() and len(number) <= 18 and (
        kind == "user" or key.partition(":")[0] in ("live", "call")))
    if rebuilt != name or kind not in ("presence", "moderation", "user", "room") or not valid_key:
        raise Denied("unknown_channel", f"{name!r} is not a channel: use presence, moderation, "
                                        "user:{id}, room:live:{model_id} or room:call:{booking_id}")
    return kind, key or None


async def check(db: Database, rooms: RoomAccess, user: Member, name: str) -> None:
    """Returns when `user` may subscribe to `name`; raises Denied otherwise. Rooms are the app's
    to decide (`rooms`, the same policy media rooms follow)."""
    kind, key = parse(name)
    if kind == "presence":
        return
    if kind == "moderation":
        if user.role not in STAFF:
            raise Denied("forbidden", "the moderation feed is for moderators and admins")
        return
    if kind == "user":
        if int(key or 0) != user.id:
            raise Denied("forbidden", "you may only subscribe to your own user channel")
        return
    room_kind, _, number = (key or "").partition(":")
    await rooms.check_chat(db, user, room_kind, int(number))  # type: ignore[arg-type]
