from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from app.paging import Page, component
from app.people import Person
from core.roles import Role

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class UserSummary(msgspec.Struct):
    id: int
    telegram_id: int
    name: str | None
    username: str | None
    photo_url: str | None
    language: str
    role: Role
    onboarding_complete: bool
    muted_until: datetime | None
    banned_until: datetime | None
    last_seen_at: datetime | None
    created_at: datetime
    model_id: int | None


UserPage = Annotated[Page[UserSummary], component("UserPage")]


class RoleChangeOut(msgspec.Struct):
    """`changed_by` null: the grant command or PNP_ADMIN_TELEGRAM_IDS."""

    from_role: Role
    to_role: Role
    reason: str
    changed_at: datetime
    changed_by: Person | None


class BookingLine(msgspec.Struct):
    id: int
    model_id: int
    model_name: str
    status: str
    starts_at: datetime
    ends_at: datetime
    price_cents: int
    currency: str


class PaymentLine(msgspec.Struct):
    id: int
    booking_id: int | None
    membership_plan: str | None
    provider: str
    status: str
    amount_cents: int
    refunded_cents: int
    currency: str
    created_at: datetime


class SanctionLine(msgspec.Struct):
    action: str
    until: datetime | None
    reason: str | None
    at: datetime
    by: Person | None


class UserDetail(msgspec.Struct):
    """The latest 50 bookings and payments; every role change and sanction."""

    user: UserSummary
    role_history: list[RoleChangeOut]
    bookings: list[BookingLine]
    payments: list[PaymentLine]
    sanctions: list[SanctionLine]


class RoleChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Role
    reason: Reason
