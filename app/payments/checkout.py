"""Starting a payment for a held booking. The hold covers the checkout: the booking moves to
pending_payment with its expiry unchanged, and an open payment left when it lapses is cancelled."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

import asyncpg

from app import audit
from app.auth.tokens import CurrentUser
from app.bookings import queries as bookings
from app.bookings.lifecycle import transition
from app.errors import Problem, conflict, not_found
from app.payments import queries
from app.payments.providers.base import Created, Provider
from app.payments.providers.stripe import StripeProvider
from app.payments.schemas import CheckoutIn, CheckoutOut
from core.db import Connection

PAYABLE = ("held", "pending_payment")


def payment_fields(payment: asyncpg.Record) -> dict[str, Any]:
    """What every checkout answer says of its payment: the amount and what the provider's page needs."""
    data = payment["client_data"]
    return {"payment_id": payment["id"], "provider": payment["provider"], "status": payment["status"],
            "amount_cents": payment["amount_cents"], "currency": payment["currency"],
            **{k: data.get(k) for k in ("url", "client_secret", "publishable_key", "pay_address",
                                        "pay_amount", "pay_currency")}}


def checkout_out(payment: asyncpg.Record, booking: asyncpg.Record) -> CheckoutOut:
    return CheckoutOut(**payment_fields(payment), booking_id=booking["id"],
                       hold_expires_at=booking["hold_expires_at"])


async def create_at_provider(provider: Provider, *, key: str, booking_id: int, amount_cents: int,
                             currency: str, description: str, payment_method: str | None) -> Created:
    """Only Stripe takes a saved payment method."""
    if isinstance(provider, StripeProvider):
        return await provider.create(payment_key=key, booking_id=booking_id, amount_cents=amount_cents,
                                     currency=currency, description=description,
                                     payment_method=payment_method)
    return await provider.create(payment_key=key, booking_id=booking_id, amount_cents=amount_cents,
                                 currency=currency, description=description)


async def cancel_open(conn: Connection, providers: dict[str, Provider], payment: asyncpg.Record) -> bool:
    """Withdraw an open payment at its provider; False when it was paid meanwhile (its webhook decides)."""
    if not await providers[payment["provider"]].cancel(payment["provider_ref"]):
        return False
    await queries.set_status(conn, payment["id"], "cancelled")
    await audit.record(conn, actor_id=None, action="payment.cancelled", entity="payment",
                       entity_id=payment["id"], data={"booking_id": payment["booking_id"]})
    return True


async def checkout(conn: Connection, providers: dict[str, Provider], provider: Provider,
                   *, user: CurrentUser, booking_id: int, data: CheckoutIn) -> CheckoutOut:
    booking = await bookings.get(conn, booking_id, lock=True)  # serializes checkouts of one booking
    if booking is None or booking["client_id"] != user.id:
        raise not_found("booking")
    if booking["status"] not in PAYABLE:
        raise conflict(f"a {booking['status']} booking cannot be paid", current=booking["status"])
    if booking["hold_expires_at"] is None or booking["hold_expires_at"] <= datetime.now(UTC):
        raise conflict("the hold on this slot has expired; hold it again", reason="hold_expired")
    if booking["price_cents"] <= 0:
        raise Problem(422, "this session is free: nothing to pay")
    current = await queries.open_for_booking(conn, booking_id)
    if current is not None and current["provider"] == provider.name and data.payment_method is None:
        return checkout_out(current, booking)  # the same checkout again: same payment
    if current is not None and not await cancel_open(conn, providers, current):
        raise conflict("the previous payment for this booking is being completed", reason="in_flight")
    key = f"pnp-{booking_id}-{secrets.token_hex(8)}"
    description = f"PNP Live session #{booking_id}"
    created = await create_at_provider(provider, key=key, booking_id=booking_id,
                                       amount_cents=booking["price_cents"], currency=booking["currency"],
                                       description=description, payment_method=data.payment_method)
    payment = await queries.insert(conn, booking_id=booking_id, user_id=user.id, provider=provider.name,
                                   ref=created.ref, amount_cents=booking["price_cents"],
                                   currency=booking["currency"], client_data=created.client_data)
    if booking["status"] == "held":
        booking = await transition(conn, booking_id, to="pending_payment", actor_id=user.id)
    return checkout_out(payment, booking)
