"""Every WebSocket frame, both ways: closed msgspec Structs tagged by `type` (docs/protocol.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

# --- client → server -------------------------------------------------------------------------

class Subscribe(msgspec.Struct, tag="subscribe", tag_field="type", forbid_unknown_fields=True):
    channel: str
    since: str | None = None
    ref: str | None = None


class Unsubscribe(msgspec.Struct, tag="unsubscribe", tag_field="type", forbid_unknown_fields=True):
    channel: str
    ref: str | None = None


class ChatSend(msgspec.Struct, tag="chat", tag_field="type", forbid_unknown_fields=True):
    room: str
    text: str
    ref: str | None = None


class Ping(msgspec.Struct, tag="ping", tag_field="type", forbid_unknown_fields=True):
    ref: str | None = None


ClientFrame = Subscribe | Unsubscribe | ChatSend | Ping
client_decoder = msgspec.json.Decoder(ClientFrame)


# --- server → client -------------------------------------------------------------------------

class NotificationFrame(msgspec.Struct, tag="notification", tag_field="type", forbid_unknown_fields=True):
    id: int
    kind: str
    payload: dict[str, Any]
    created_at: datetime


class ChatFrame(msgspec.Struct, tag="chat", tag_field="type", forbid_unknown_fields=True):
    """`offset` stays the last field: the broker appends the stream id to the encoded prefix."""

    room: str
    id: str
    user_id: int
    username: str
    text: str
    sent_at: datetime
    flagged: bool = False
    offset: str = ""


class Rejected(msgspec.Struct, tag="rejected", tag_field="type", forbid_unknown_fields=True):
    room: str
    reason: str
    detail: str
    categories: list[str] = msgspec.field(default_factory=list)
    retry_after_ms: int | None = None
    ref: str | None = None


class Presence(msgspec.Struct, tag="presence", tag_field="type", forbid_unknown_fields=True):
    model_id: int
    online: bool
    last_seen_at: datetime | None = None


class Viewers(msgspec.Struct, tag="viewers", tag_field="type", forbid_unknown_fields=True):
    room: str
    count: int


class ChatLine(msgspec.Struct, forbid_unknown_fields=True):
    """One chat message said before a violation, as the moderator sees it."""

    author: str
    text: str
    sent_at: datetime


class Violation(msgspec.Struct, tag="violation", tag_field="type", forbid_unknown_fields=True):
    """`user_name`: the author (None when Telegram gave neither a first name nor a username);
    `room_name`: a live room's model; `context`: up to five messages said before it in that
    room, oldest first."""

    id: int
    user_id: int
    user_name: str | None
    room: str
    room_name: str | None
    message: str
    action: str
    categories: list[str]
    scores: dict[str, float]
    classifier_version: str
    created_at: datetime
    context: list[ChatLine] = msgspec.field(default_factory=list)
    source: str = "classifier"
    report_reason: str | None = None
    reporter_name: str | None = None


class Error(msgspec.Struct, tag="error", tag_field="type", forbid_unknown_fields=True):
    code: str
    detail: str
    ref: str | None = None


class Reconnect(msgspec.Struct, tag="reconnect", tag_field="type", forbid_unknown_fields=True):
    reason: str
    retry_after_ms: int = 1000


class Reset(msgspec.Struct, tag="reset", tag_field="type", forbid_unknown_fields=True):
    channel: str
    reason: str


class Pong(msgspec.Struct, tag="pong", tag_field="type", forbid_unknown_fields=True):
    ref: str | None = None


class Subscribed(msgspec.Struct, tag="subscribed", tag_field="type", forbid_unknown_fields=True):
    channel: str
    ref: str | None = None
    replayed: int = 0


class Unsubscribed(msgspec.Struct, tag="unsubscribed", tag_field="type", forbid_unknown_fields=True):
    channel: str
    ref: str | None = None


class Unread(msgspec.Struct, tag="unread", tag_field="type", forbid_unknown_fields=True):
    count: int


class ViolationReviewedFrame(msgspec.Struct, tag="violation_reviewed", tag_field="type",
                             forbid_unknown_fields=True):
    id: int
    review_status: str
    reviewed_by: int
    reviewer_name: str | None
    reviewed_at: datetime
    user_restored: bool


class SanctionFrame(msgspec.Struct, tag="sanction", tag_field="type", forbid_unknown_fields=True):
    """A moderator muted, banned, unmuted or unbanned a user; `until` None lifts it."""

    user_id: int
    action: str
    until: datetime | None
    actor_id: int


ServerFrame = (NotificationFrame | ChatFrame | Rejected | Presence | Viewers | Violation | Error
               | Reconnect | Reset | Pong | Subscribed | Unsubscribed | Unread | ViolationReviewedFrame
               | SanctionFrame)
encode = msgspec.json.Encoder().encode


_chat_decoder = msgspec.json.Decoder(ChatFrame)


def chat_frames(frames: list[bytes]) -> list[ChatFrame]:
    """Chat frames as the broker keeps them, decoded."""
    return [_chat_decoder.decode(raw) for raw in frames]


def chat_line(frame: ChatFrame) -> ChatLine:
    """A chat frame as a line of a violation's context."""
    return ChatLine(author=frame.username, text=frame.text, sent_at=frame.sent_at)


def chat_prefix(frame: ChatFrame) -> bytes:
    """The frame's bytes up to the offset's value: `prefix + b'"<id>"}'` is the whole frame."""
    data = encode(frame)
    assert data.endswith(b'"offset":""}')
    return data[:-3]


def with_offset(prefix: bytes, offset: str | bytes) -> bytes:
    raw = offset.encode() if isinstance(offset, str) else offset
    return prefix + b'"' + raw + b'"}'
