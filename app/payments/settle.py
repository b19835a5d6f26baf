"""What a verified provider event does. Every event is recorded once (UNIQUE (provider, event_id));
states only move forwards, so replays and out-of-order deliveries change nothing twice:
a failure after a success is ignored, a refund before the success charges then refunds, and the
success that follows finds the payment refunded already.

A success for a booking that cannot take it (hold expired and slot taken, booking ended, or paid
twice) is refunded at once: no payment ends with no booking and no refund. A membership payment
(no booking) goes to app.membership.settle once its event is recorded."""

from __future__ import annotations

from collections.abc import Mapping

import asyncpg

from app import audit
from app.bookings import queries as bookings
from app.bookings.lifecycle import reclaim_expired, transition
from app.errors import Problem
from app.membership import settle as membership
from app.notifications.service import notify
from app.payments import ledger, queries
from app.payments.auto_refund import auto_refund
from app.payments.providers.base import BadWebhook, Provider, ProviderEvent
from core.config import Settings
from core.db import Connection
from core.events import EventBus
from core.metrics import WEBHOOKS

PAID = ("succeeded", "refunded", "partially_refunded")


async def tell(conn: Connection, events: EventBus, payment: asyncpg.Record, booking: asyncpg.Record,
               kind: str, **extra: object) -> None:
    """Payment news to the client and the model, after commit."""
    body = {"payment_id": payment["id"], "booking_id": booking["id"], "provider": payment["provider"],
            "amount_cents": payment["amount_cents"], "currency": payment["currency"], **extra}
    for user_id in sorted({payment["user_id"], booking["model_user_id"]} - {None}):
        await notify(conn, events, user_id=user_id, kind=kind, payload=body,
                     dedupe_key=f"{kind}:{payment['id']}")


async def charge(conn: Connection, settings: Settings, payment: asyncpg.Record,
                 booking: asyncpg.Record) -> None:
    await ledger.record_charge(conn, payment, booking, default_rate=settings.payment_commission_rate,
                               hold_days=settings.payment_earnings_hold_days)


async def receive(conn: Connection, events: EventBus, settings: Settings, provider: Provider,
                  body: bytes, headers: Mapping[str, str]) -> str:
    """Verifies and handles one delivery; every outcome, a refused delivery too, is counted."""
    try:
        result = await handle(conn, events, settings, provider, provider.verify(body, headers))
    except BadWebhook:
        WEBHOOKS.labels(provider.name, "rejected").inc()
        raise
    except Problem as exc:
        WEBHOOKS.labels(provider.name, "retry_later" if exc.status_code == 409 else "error").inc()
        raise
    WEBHOOKS.labels(provider.name, result).inc()
    return result


async def handle(conn: Connection, events: EventBus, settings: Settings, provider: Provider,
                 event: ProviderEvent) -> str:
    found = await queries.by_ref(conn, provider.name, event.ref) if event.ref else None
    booking = None
    if found is not None:  # lock order: booking, then payment (as checkout does)
        if found["booking_id"] is not None:
            booking = await bookings.get(conn, found["booking_id"], lock=True)
        found = await queries.by_ref(conn, provider.name, found["provider_ref"], lock=True)
    if found is None and event.outcome in ("succeeded", "refunded"):
        # Money moved for a payment we have not stored (yet: a checkout still committing). Not
        # recording the event makes the provider deliver it again, so it is never lost.
        raise Problem(409, "unknown payment; deliver again later", reason="unknown_payment")
    fresh = await queries.record_event(
        conn, provider=provider.name, event_id=event.event_id, event_type=event.event_type,
        payment_id=found["id"] if found else None, payload=event.payload)
    if not fresh:
        return "duplicate"
    if found is not None and found["membership_plan"] is not None:
        return await membership.handle(conn, events, provider, found, event)
    if found is None or booking is None or event.outcome == "ignored":  # recorded, nothing to do
        return "ignored"
    if event.outcome == "succeeded":
        return await succeeded(conn, events, settings, provider, found, booking)
    if event.outcome == "refunded":
        total = min(event.refunded_cents or found["amount_cents"], found["amount_cents"])
        return await refunded(conn, events, settings, found, booking, total, reason="provider")
    if found["status"] not in queries.OPEN:
        return "ignored"  # e.g. a failure reported after the success
    await queries.set_status(conn, found["id"], "failed" if event.outcome == "failed" else "cancelled")
    if event.outcome == "failed":
        await tell(conn, events, found, booking, "payment.failed")
    return event.outcome


async def succeeded(conn: Connection, events: EventBus, settings: Settings, provider: Provider,
                    payment: asyncpg.Record, booking: asyncpg.Record) -> str:
    if payment["status"] in PAID:
        return "ignored"
    payment = await queries.set_status(conn, payment["id"], "succeeded")
    await charge(conn, settings, payment, booking)
    placed = await place(conn, events, booking, payment)
    if placed in ("confirmed", "reclaimed", "kept"):
        await tell(conn, events, payment, booking, "payment.succeeded", booking_status="confirmed")
        return placed
    await auto_refund(conn, provider, payment, reason=placed)
    await refunded(conn, events, settings, payment, booking, payment["amount_cents"], reason=placed)
    return f"refunded:{placed}"


async def place(conn: Connection, events: EventBus, booking: asyncpg.Record,
                payment: asyncpg.Record) -> str:
    """Confirm the booking this payment is for: confirmed, reclaimed (paid after the hold expired,
    slot still free), kept (already confirmed without another payment); else why it cannot be."""
    status = booking["status"]
    if status in ("held", "pending_payment"):
        try:
            await transition(conn, booking["id"], to="confirmed", events=events)
            return "confirmed"
        except Problem as exc:
            if exc.status_code != 409:
                raise
            status = await bookings.status(conn, booking["id"])
    if status == "expired":
        if not await reclaim_expired(conn, booking["id"]):
            return "slot_taken"
        await transition(conn, booking["id"], to="confirmed", events=events)
        await audit.record(conn, actor_id=None, action="payment.late_reclaimed", entity="payment",
                           entity_id=payment["id"], data={"booking_id": booking["id"]})
        return "reclaimed"
    if status in ("confirmed", "in_progress", "completed"):
        other = await queries.other_paid(conn, booking["id"], payment_id=payment["id"])
        return "paid_twice" if other else "kept"
    return "booking_ended"


async def refunded(conn: Connection, events: EventBus, settings: Settings, payment: asyncpg.Record,
                   booking: asyncpg.Record, total: int, *, reason: str) -> str:
    """Bring the payment's refunded total up to `total` (never down)."""
    if payment["status"] not in PAID:  # the refund overtook the success: the money was taken first
        payment = await queries.set_status(conn, payment["id"], "succeeded")
        await charge(conn, settings, payment, booking)
    delta = total - payment["refunded_cents"]
    if delta <= 0:
        return "ignored"
    await ledger.record_refund(conn, payment, booking, delta, memo=reason)
    full = total >= payment["amount_cents"]
    payment = await queries.set_status(conn, payment["id"], "refunded" if full else "partially_refunded",
                                       refunded_cents=total)
    current = await bookings.status(conn, booking["id"])
    if full and reason == "provider" and current in ("held", "pending_payment", "confirmed",
                                                      "completed", "cancelled", "no_show"):
        if current in ("held", "pending_payment"):
            await transition(conn, booking["id"], to="cancelled", reason="payment refunded")
        await transition(conn, booking["id"], to="refunded", refund_cents=total, events=events)
    await tell(conn, events, payment, booking, "payment.refunded", reason=reason, refunded_cents=total)
    return "refunded"
