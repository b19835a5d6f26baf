"""Media relay: WHIP/WHEP over aiortc, forwarding encoded media without transcoding."""

from media.access import MediaAccess, MediaAccessDenied, Participant
from media.errors import MediaProblem
from media.ice import IceSettings
from media.rooms import Room, parse_room
from media.routes import create_media_router
from media.sessions import EventHook, RoomRegistry

__all__ = [
    "EventHook",
    "IceSettings",
    "MediaAccess",
    "MediaAccessDenied",
    "MediaProblem",
    "Participant",
    "Room",
    "RoomRegistry",
    "create_media_router",
    "parse_room",
]
