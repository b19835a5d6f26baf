"""The access decision an instance made, carried across its 307 to the room's owner.

Clients drop ``Authorization`` when a redirect leaves the origin (fetch and httpx both do),
and another instance is another origin. So the instance that checked access puts a short,
signed grant for exactly that room, action and participant in the ``Location``; the owner
admits its bearer without a second check. It lasts seconds: long enough to follow a redirect.
"""

import base64
import hashlib
import hmac
import time

import msgspec

from media.access import Action, Participant
from media.errors import MediaProblem
from media.rooms import Room

GRANT_TTL = 30.0


class Grant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    room: str
    action: str
    user_id: int | None
    role: str | None
    expires: float


class Grants:
    def __init__(self, secret: bytes, ttl: float = GRANT_TTL) -> None:
        self._secret = secret
        self._ttl = ttl

    def issue(self, room: Room, action: Action, participant: Participant) -> str:
        grant = Grant(room.name, action, participant.user_id, participant.role, time.time() + self._ttl)
        body = _b64(msgspec.json.encode(grant))
        return f"{body}.{_b64(self._sign(body))}"

    def admit(self, token: str, room: Room, action: Action) -> Participant:
        body, _, signature = token.partition(".")
        try:
            valid = hmac.compare_digest(base64.urlsafe_b64decode(signature + "=="), self._sign(body))
            grant = msgspec.json.decode(base64.urlsafe_b64decode(body + "=="), type=Grant)
        except (ValueError, msgspec.DecodeError):
            valid = False
        if not valid or grant.room != room.name or grant.action != action:
            raise MediaProblem(403, "this redirect grant is not valid for this room")
        if grant.expires < time.time():
            raise MediaProblem(403, "this redirect grant has expired: post to the original URL again")
        return Participant(user_id=grant.user_id, role=grant.role)

    def _sign(self, body: str) -> bytes:
        return hmac.new(self._secret, body.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
