from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class NotificationOut(msgspec.Struct):
    id: int
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class NotificationPage(msgspec.Struct):
    items: list[NotificationOut]
    unread: int
    next_before_id: int | None


class MarkRead(msgspec.Struct, forbid_unknown_fields=True):
    """`ids` to mark those read; omit it to mark every notification read."""

    ids: list[int] | None = None


class MarkedRead(msgspec.Struct):
    marked: int
    unread: int
