import re
from typing import Literal

import msgspec

from media.errors import MediaProblem

RoomKind = Literal["live", "call"]

_ROOM_NAME = re.compile(r"(?P<kind>[a-z]+):(?P<id>[1-9][0-9]{0,17})")


class Room(msgspec.Struct, frozen=True):
    """``live:{model_id}``: a public show with one publisher. ``call:{booking_id}``: a
    private booked call where the model and the client each publish and play."""

    kind: RoomKind
    id: int

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def max_publishers(self) -> int:
        return 1 if self.kind == "live" else 2


def parse_room(name: str) -> Room:
    """400 for a malformed name, 404 for a well-formed one of a kind that does not exist."""
    match = _ROOM_NAME.fullmatch(name)
    if match is None:
        raise MediaProblem(400, f"room name {name!r} is not of the form live:<id> or call:<id>")
    kind = match["kind"]
    if kind == "live":
        return Room("live", int(match["id"]))
    if kind == "call":
        return Room("call", int(match["id"]))
    raise MediaProblem(404, f"there are no rooms of kind {kind!r}")
