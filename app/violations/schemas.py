from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from app.paging import Page, component
from realtime.frames import ChatLine

Category = Literal["S", "H", "V", "HR", "SH", "S3", "H2", "V2"]
ReviewStatus = Literal["pending", "upheld", "overturned"]
StatusFilter = Literal["pending", "reviewed", "upheld", "overturned"]
Action = Literal["flag", "block", "allow"]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class ViolationOut(msgspec.Struct):
    """`user_name` and `reviewer_name` are how the console shows people (None: Telegram gave
    neither a first name nor a username); `room_name` is the live room's model (None for other
    rooms); `context` the chat said before it in that room. `action` 'allow' only on a report of
    a message the classifier let through."""

    id: int
    user_id: int
    username: str | None
    user_name: str | None
    room: str
    room_name: str | None
    message: str
    categories: list[str]
    scores: dict[str, float]
    action: str
    classifier_version: str
    review_status: ReviewStatus
    reviewed_by: int | None
    reviewer_name: str | None
    reviewed_at: datetime | None
    review_note: str | None
    muted_until: datetime | None
    created_at: datetime
    context: list[ChatLine]
    source: Literal["classifier", "report"] = "classifier"
    report_reason: str | None = None
    reporter_name: str | None = None


ViolationPage = Annotated[Page[ViolationOut], component("ViolationPage")]


class ViolationFilters(msgspec.Struct, kw_only=True):
    status: StatusFilter | None = None
    category: Category | None = None
    user_id: int | None = None
    room: str | None = None
    action: Action | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0


class PendingCount(msgspec.Struct):
    pending: int


class Person(msgspec.Struct):
    """`name` None: Telegram gave neither a first name nor a username."""

    id: int
    name: str | None
    username: str | None
    role: str
    muted_until: datetime | None
    banned_until: datetime | None


class SanctionEntry(msgspec.Struct):
    """A mute, ban or their lifting by staff; `until` None for a lifting."""

    action: Literal["muted", "unmuted", "banned", "unbanned"]
    until: datetime | None
    reason: str | None
    actor_name: str | None
    created_at: datetime


class UserHistory(msgspec.Struct):
    """A user's violations (before `before_id` when asked, newest first; `violations_total`
    counts them all) and the sanctions staff gave them."""

    user: Person
    violations: list[ViolationOut]
    violations_total: int
    sanctions: list[SanctionEntry]


class ReviewDecision(msgspec.Struct, forbid_unknown_fields=True):
    violation_id: int
    decision: Literal["uphold", "overturn"]
    note: Annotated[str, msgspec.Meta(max_length=1000)] | None = None


class ReviewOut(msgspec.Struct):
    violation: ViolationOut
    user_restored: bool


class MuteIn(msgspec.Struct, forbid_unknown_fields=True):
    minutes: Annotated[int, msgspec.Meta(ge=1, le=60 * 24 * 30)]
    reason: Reason


class BanIn(msgspec.Struct, forbid_unknown_fields=True):
    """`days` null bans for good; it must be sent either way."""

    days: Annotated[int, msgspec.Meta(ge=1, le=3650)] | None
    reason: Reason


class SanctionOut(msgspec.Struct):
    user_id: int
    action: Literal["mute", "unmute", "ban", "unban"]
    until: datetime | None


class CategoryActionCount(msgspec.Struct):
    category: str
    action: str
    count: int


class CategoryAgreement(msgspec.Struct):
    """`precision` = upheld / reviewed: how often reviewers agreed with the classifier."""

    category: str
    reviewed: int
    upheld: int
    precision: float | None


class CategoryMiss(msgspec.Struct):
    """Reported messages the classifier had allowed: `missed` = upheld by a moderator (a false
    negative); `miss_rate` = missed / (missed + classifier flags upheld in that category)."""

    category: str
    reviewed: int
    missed: int
    miss_rate: float | None


class Analytics(msgspec.Struct):
    """`upheld`, `overturned` and `precision` count the classifier's flags and blocks only;
    `reported` counts users' reports, `missed` those a moderator upheld although the classifier
    had allowed the message."""

    total: int
    pending: int
    reviewed: int
    upheld: int
    overturned: int
    precision: float | None
    by_category_action: list[CategoryActionCount]
    agreement: list[CategoryAgreement]
    review_p50_s: float | None
    review_p90_s: float | None
    reported: int = 0
    missed: int = 0
    miss_rate: float | None = None
    misses: list[CategoryMiss] = msgspec.field(default_factory=list)
