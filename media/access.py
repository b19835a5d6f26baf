from typing import Any, Literal, Protocol

import msgspec
from litestar import Request

from core.roles import STAFF
from media.errors import MediaProblem
from media.rooms import Room

Action = Literal["publish", "play"]


class Participant(msgspec.Struct, frozen=True):
    """Who holds a media session; ``user_id`` is None for an anonymous viewer."""

    user_id: int | None
    role: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


class MediaAccessDenied(MediaProblem):
    """Raised by a ``MediaAccess`` with 401, 403 or 404."""


class MediaAccess(Protocol):
    async def authorize(
        self, request: Request[Any, Any, Any], room: Room, action: Action
    ) -> Participant: ...


def requester(request: Request[Any, Any, Any]) -> Participant | None:
    """The user the app's auth middleware put on the request, if any."""
    user = request.scope.get("user")
    if user is None:
        return None
    return Participant(user_id=user.id, role=user.role)
