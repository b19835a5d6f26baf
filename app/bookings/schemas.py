from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from app.paging import Page, component
from app.people import Person

AwareDateTime = Annotated[datetime, msgspec.Meta(tz=True)]
Duration = Annotated[int, msgspec.Meta(ge=5, le=480)]
Notes = Annotated[str, msgspec.Meta(max_length=1000)]
Reason = Annotated[str, msgspec.Meta(max_length=500)]


class HoldIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """`start` may be left out for an instant booking: the session starts now."""

    model_id: Annotated[int, msgspec.Meta(ge=1)]
    duration_minutes: Duration
    start: AwareDateTime | None = None
    instant: bool = False
    notes: Notes = ""


class BookingOut(msgspec.Struct):
    id: int
    model_id: int
    client_id: int
    status: str
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    hold_user_id: int | None
    hold_expires_at: datetime | None
    price_cents: int
    currency: str
    is_instant: bool
    notes: str
    cancelled_by: int | None
    cancel_reason: str | None
    refund_cents: int | None
    buffer_before_min: int
    buffer_after_min: int
    created_at: datetime
    updated_at: datetime
    # By name where the answer shows the parties (bookings/queries.PARTIES); absent elsewhere.
    model_name: str | None = None
    client: Person | None = None


BookingPage = Annotated[Page[BookingOut], component("BookingPage")]


class CancelIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    reason: Reason = ""


class RescheduleIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    start: AwareDateTime


class AdminBookingUpdate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One action per request: a status change, a move, or notes."""

    status: Literal["pending_payment", "confirmed", "in_progress", "completed", "cancelled",
                    "refunded", "no_show"] | None = None
    start: AwareDateTime | None = None
    notes: Notes | None = None
    reason: Reason = ""
    refund: bool = True


def booking_out(row: object) -> BookingOut:
    return msgspec.convert(dict(row), BookingOut, strict=False)  # type: ignore[call-overload]


class FeedUrl(msgspec.Struct):
    url: str
