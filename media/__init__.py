"""Media relay: WHIP/WHEP over aiortc, forwarding encoded media without transcoding."""

from media.access import MediaAccess, MediaAccessDenied, Participant
from media.errors import MediaProblem
from media.ice import IceSettings
from media.rooms import Room, parse_room
from media.routes import create_media_router
from media.sessions import EventHook, EventKind, RoomRegistry, Session

__all__ = [
    "EventHook",
    "EventKind",
    "IceSettings",
    "MediaAccess",
    "MediaAccessDenied",
    "MediaProblem",
    "Participant",
    "Room",
    "RoomRegistry",
    "Session",
    "create_media_router",
    "parse_room",
]
