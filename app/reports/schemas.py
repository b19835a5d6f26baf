from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

ReportReason = Literal["S", "H", "V", "HR", "SH", "S3", "H2", "V2", "other"]


class ReportIn(msgspec.Struct, forbid_unknown_fields=True):
    """`message_id` is the `id` of the chat frame the reporter received in `room`."""

    room: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    message_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    reason: ReportReason


class ReportOut(msgspec.Struct):
    id: int
    room: str
    message_id: str
    reason: ReportReason
    author_name: str
    created_at: datetime
