"""What the gateway needs of the app's domains, declared here and implemented in app/.

`app.main.create_app` hands the implementations to `realtime.runtime.Realtime`; the gateway
never imports the code behind them (the way Zulip's real-time server only receives events)."""

from __future__ import annotations

from typing import Literal, Protocol

from core.db import Connection, Database
from core.events import EventBus
from moderation.policy import Verdict
from realtime.frames import ChatLine, NotificationFrame

RoomKind = Literal["live", "call"]


class Member(Protocol):
    """The signed-in user the app's auth put on the socket."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...

    @property
    def onboarded(self) -> bool: ...


class RoomAccess(Protocol):
    async def check_chat(self, db: Database, member: Member, kind: RoomKind, number: int) -> None:
        """Returns when `member` may read and write the chat of that room; raises
        `realtime.permissions.Denied` otherwise. Takes the database, not a connection: a cached
        answer needs none (a reconnect storm subscribes thousands of sockets at once)."""
        ...


class ModelAccounts(Protocol):
    async def model_id_for(self, conn: Connection, user_id: int) -> int | None:
        """The model profile a MODEL account runs (its presence follows its sockets)."""
        ...


class Inbox(Protocol):
    async def unread(self, db: Database, user_id: int, *,
                     limit: int) -> tuple[int, list[NotificationFrame]]:
        """How many notifications are unread, and the newest `limit` of them, newest first; at
        most one database round trip, none when cached."""
        ...


class ViolationLog(Protocol):
    async def record(self, conn: Connection, events: EventBus, *, user_id: int, room: str,
                     text: str, verdict: Verdict, context: list[ChatLine]) -> None:
        """Stores a flagged or blocked message, with the chat said before it in that room
        (`context`, oldest first), inside `conn`'s transaction and tells the moderators after
        commit."""
        ...
