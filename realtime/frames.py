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
