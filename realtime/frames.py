"""Server → client frames published through the event bus (the gateway adds the rest)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class NotificationFrame(msgspec.Struct, tag="notification", tag_field="type", forbid_unknown_fields=True):
    id: int
    kind: str
    payload: dict[str, Any]
    created_at: datetime


class ViolationFrame(msgspec.Struct, tag="violation", tag_field="type", forbid_unknown_fields=True):
    """A blocked or flagged text, for the moderators' live feed (`moderation` channel)."""

    id: int
    user_id: int
    room: str
    message: str
    categories: list[str]
    scores: dict[str, float]
    action: str
    classifier_version: str
    created_at: datetime


class ViolationReviewedFrame(msgspec.Struct, tag="violation_reviewed", tag_field="type",
                             forbid_unknown_fields=True):
    id: int
    review_status: str
    reviewed_by: int
    reviewed_at: datetime
    user_restored: bool


class SanctionFrame(msgspec.Struct, tag="sanction", tag_field="type", forbid_unknown_fields=True):
    """A moderator muted, banned, unmuted or unbanned a user; `until` None lifts it."""

    user_id: int
    action: str
    until: datetime | None
    actor_id: int
