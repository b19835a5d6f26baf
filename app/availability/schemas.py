from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

AwareDateTime = Annotated[datetime, msgspec.Meta(tz=True)]
Weekday = Annotated[int, msgspec.Meta(ge=1, le=7, description="ISO weekday: 1 Monday … 7 Sunday")]
StartMinute = Annotated[int, msgspec.Meta(ge=0, le=1439, description="minutes after local midnight")]
EndMinute = Annotated[int, msgspec.Meta(ge=1, le=1440, description="minutes after local midnight")]


class WeeklyRangeIn(msgspec.Struct, forbid_unknown_fields=True):
    weekday: Weekday
    start_minute: StartMinute
    end_minute: EndMinute


class WeeklyRangeOut(WeeklyRangeIn, kw_only=True):
    id: int


class BlockedIn(msgspec.Struct, forbid_unknown_fields=True):
    starts_at: AwareDateTime
    ends_at: AwareDateTime
    reason: Annotated[str, msgspec.Meta(max_length=200)] = ""


class BlockedOut(BlockedIn, kw_only=True):
    id: int


class OneOffIn(msgspec.Struct, forbid_unknown_fields=True):
    starts_at: AwareDateTime
    ends_at: AwareDateTime


class OneOffOut(OneOffIn, kw_only=True):
    id: int


class OverrideIn(msgspec.Struct, forbid_unknown_fields=True):
    """The hours of one local date, replacing that date's weekly ranges (several rows per date allowed)."""

    date: date
    start_minute: StartMinute
    end_minute: EndMinute


class OverrideOut(msgspec.Struct):
    id: int
    date: date
    starts_at: datetime
    ends_at: datetime


class AvailabilitySettings(msgspec.Struct):
    timezone: str
    buffer_before_min: int
    buffer_after_min: int
    min_notice_min: int
    booking_window_days: int
    slot_interval_min: int
    max_bookings_per_day: int | None


class SettingsIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    timezone: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | UnsetType = UNSET
    buffer_before_min: Annotated[int, msgspec.Meta(ge=0, le=240)] | UnsetType = UNSET
    buffer_after_min: Annotated[int, msgspec.Meta(ge=0, le=240)] | UnsetType = UNSET
    min_notice_min: Annotated[int, msgspec.Meta(ge=0, le=43200)] | UnsetType = UNSET
    booking_window_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | UnsetType = UNSET
    slot_interval_min: Annotated[int, msgspec.Meta(ge=5, le=240)] | UnsetType = UNSET
    max_bookings_per_day: Annotated[int, msgspec.Meta(ge=1, le=48)] | UnsetType | None = UNSET


class AvailabilityRules(msgspec.Struct):
    model_id: int
    settings: AvailabilitySettings
    weekly: list[WeeklyRangeOut]
    blocked: list[BlockedOut]
    one_off: list[OneOffOut]
    overrides: list[OverrideOut]


class Slot(msgspec.Struct):
    start: datetime
    end: datetime
    start_local: str
    end_local: str


class SlotList(msgspec.Struct):
    model_id: int
    model_timezone: str
    tz: str
    duration_minutes: int
    price_cents: int
    currency: str
    slots: list[Slot]
