"""One interface for every payment provider: create, cancel, refund, and read a signed webhook."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, Literal, Protocol

import msgspec

from app.errors import Problem
from core.config import Settings

ProviderName = Literal["sandbox", "stripe", "crypto"]
PROVIDERS: tuple[ProviderName, ...] = ("sandbox", "stripe", "crypto")
Outcome = Literal["succeeded", "failed", "cancelled", "refunded", "ignored"]


class Created(msgspec.Struct, frozen=True):
    """What a provider answered to a new payment: its reference and what the browser needs."""

    ref: str
    client_data: dict[str, Any]


class ProviderEvent(msgspec.Struct, frozen=True, kw_only=True):
    """A verified webhook. `refunded_cents` is the payment's refunded total, not a delta, so
    a replayed or reordered refund event can only ever move the total forwards."""

    event_id: str
    event_type: str
    outcome: Outcome
    ref: str | None
    payload: dict[str, Any]
    refunded_cents: int | None = None


class BadWebhook(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(400, detail)


class Provider(Protocol):
    name: ProviderName

    async def create(self, *, payment_key: str, booking_id: int, amount_cents: int, currency: str,
                     description: str) -> Created: ...

    async def cancel(self, ref: str) -> bool:
        """True when the provider no longer takes money for it; False when it was already paid."""
        ...

    async def refund(self, ref: str, amount_cents: int) -> str: ...

    def verify(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent: ...


def derived_secret(settings: Settings, configured: str, purpose: str) -> str:
    """A configured secret, or (outside production) one derived from the JWT secret."""
    if configured:
        return configured
    if settings.environment == "production":
        raise Problem(503, f"{purpose} is not configured")
    return hmac.new(settings.jwt_secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()
