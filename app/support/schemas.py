from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from app.paging import Page, component

Subject = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Message = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
TicketStatus = Literal["open", "answered", "closed"]


class TicketIn(msgspec.Struct, forbid_unknown_fields=True):
    subject: Subject
    message: Message


class ReplyIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    message: Message
    close: bool = False


class ReplyOut(msgspec.Struct):
    id: int
    author_id: int | None
    message: str
    created_at: datetime


class TicketOut(msgspec.Struct):
    id: int
    user_id: int
    username: str | None
    name: str | None
    subject: str
    message: str
    status: TicketStatus
    created_at: datetime
    updated_at: datetime
    replies: list[ReplyOut]


TicketPage = Annotated[Page[TicketOut], component("TicketPage")]
