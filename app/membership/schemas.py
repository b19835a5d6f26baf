from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from app.membership.plans import Plan, PlanCode
from app.payments.schemas import CheckoutIn
from core.roles import Role

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class Period(msgspec.Struct):
    """`plan` null: complimentary (an admin's grant). `cut_at`: ended early by a full refund."""

    starts_at: datetime
    ends_at: datetime
    plan: PlanCode | None
    cut_at: datetime | None


class MembershipOut(msgspec.Struct):
    """`prime_until`: the end of the chain of periods (null: none left); `can_buy`: FREE and PRIME
    accounts may buy (a purchase by a PRIME member starts when the current period ends)."""

    plans: list[Plan]
    role: Role
    can_buy: bool
    prime_until: datetime | None
    periods: list[Period]


class MembershipCheckoutIn(CheckoutIn, forbid_unknown_fields=True, kw_only=True):
    """A booking checkout's fields, and the plan."""

    plan: PlanCode


class MembershipCheckoutOut(msgspec.Struct):
    payment_id: int
    plan: PlanCode
    provider: str
    status: str
    amount_cents: int
    currency: str
    url: str | None = None
    client_secret: str | None = None
    publishable_key: str | None = None
    pay_address: str | None = None
    pay_amount: float | None = None
    pay_currency: str | None = None


class GrantIn(msgspec.Struct, forbid_unknown_fields=True):
    until: datetime
    reason: Reason
