from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

Method = Literal["sandbox", "stripe", "crypto"]
Period = Literal["day", "week", "month"]


class CheckoutIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """`payment_method` (stripe only): a PaymentMethod id to confirm server-side with."""

    method: Method = "sandbox"
    payment_method: Annotated[str, msgspec.Meta(pattern=r"^pm_[A-Za-z0-9_]{1,200}$")] | None = None


class CheckoutOut(msgspec.Struct):
    payment_id: int
    booking_id: int
    provider: str
    status: str
    amount_cents: int
    currency: str
    hold_expires_at: datetime | None
    url: str | None = None
    client_secret: str | None = None
    publishable_key: str | None = None
    pay_address: str | None = None
    pay_amount: float | None = None
    pay_currency: str | None = None


class PaymentOut(msgspec.Struct):
    """For a booking (`booking_id`) or for PRIME (`membership_plan`), never both."""

    id: int
    booking_id: int | None
    provider: str
    status: str
    amount_cents: int
    refunded_cents: int
    currency: str
    created_at: datetime
    updated_at: datetime
    model_name: str | None = None
    starts_at: datetime | None = None
    booking_status: str | None = None
    membership_plan: str | None = None


class PaymentPage(msgspec.Struct):
    items: list[PaymentOut]
    limit: int
    offset: int


class PayoutIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    model_id: Annotated[int, msgspec.Meta(ge=1)]
    amount_cents: Annotated[int, msgspec.Meta(ge=1, le=100_000_000)]
    memo: Annotated[str, msgspec.Meta(max_length=500)] = ""


class PayoutOut(msgspec.Struct):
    id: int
    model_id: int
    amount_cents: int
    currency: str
    available_cents: int
    created_at: datetime


class WebhookAck(msgspec.Struct):
    received: bool
    result: str


def to_struct(row: Any, kind: Any) -> Any:
    return msgspec.convert(dict(row), kind, strict=False)
