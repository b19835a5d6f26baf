"""What a verified provider event does to a membership payment (app.payments.settle hands them
over after recording the event once). States only move forwards, as for bookings: a success
records the charge and the period once (ledger charge index, memberships.payment_id UNIQUE), a
full refund cuts the period, and a success for an account that cannot take PRIME (banned, or
now MODEL/MODERATOR/ADMIN) is refunded at once."""

from __future__ import annotations

import asyncpg

from app.membership import queries
from app.membership.plans import PLANS
from app.membership.service import BUYERS, follow_periods
from app.notifications.service import notify
from app.payments import ledger
from app.payments import queries as payments
from app.payments.auto_refund import auto_refund
from app.payments.providers.base import Provider, ProviderEvent
from core.db import Connection
from core.events import EventBus

PAID = ("succeeded", "refunded", "partially_refunded")


async def tell(conn: Connection, events: EventBus, payment: asyncpg.Record, kind: str,
               **extra: object) -> None:
    body = {"payment_id": payment["id"], "plan": payment["membership_plan"], "provider": payment["provider"],
            "amount_cents": payment["amount_cents"], "currency": payment["currency"], **extra}
    await notify(conn, events, user_id=payment["user_id"], kind=kind, payload=body,
                 dedupe_key=f"{kind}:{payment['id']}:{extra.get('refunded_cents', '')}")


async def handle(conn: Connection, events: EventBus, provider: Provider, payment: asyncpg.Record,
                 event: ProviderEvent) -> str:
    """`payment` is locked (FOR UPDATE) and the event is new."""
    await queries.lock_member(conn, payment["user_id"])
    if event.outcome == "succeeded":
        return await succeeded(conn, events, provider, payment)
    if event.outcome == "refunded":
        total = min(event.refunded_cents or payment["amount_cents"], payment["amount_cents"])
        return await refunded(conn, events, payment, total, reason="provider")
    if event.outcome == "ignored" or payment["status"] not in payments.OPEN:
        return "ignored"
    await payments.set_status(conn, payment["id"], "failed" if event.outcome == "failed" else "cancelled")
    if event.outcome == "failed":
        await tell(conn, events, payment, "membership.payment_failed")
    return event.outcome


async def succeeded(conn: Connection, events: EventBus, provider: Provider, payment: asyncpg.Record) -> str:
    if payment["status"] in PAID:
        return "ignored"
    payment = await payments.set_status(conn, payment["id"], "succeeded")
    await ledger.record_membership_charge(conn, payment)
    account = await queries.account(conn, payment["user_id"])
    if account is not None and account["role"] in BUYERS and not account["banned"]:
        plan = PLANS[payment["membership_plan"]]
        await queries.chain_period(conn, user_id=payment["user_id"], length=plan.length,
                                   payment_id=payment["id"], plan=plan.code)
        await follow_periods(conn, payment["user_id"], by=None,
                             reason=f"PRIME membership paid ({plan.days} days, payment {payment['id']})")
        await tell(conn, events, payment, "membership.started",
                   prime_until=_iso(await queries.chain_end(conn, payment["user_id"])))
        return "membership_started"
    why = "banned" if account is not None and account["banned"] else "role"
    await auto_refund(conn, provider, payment, reason=why)
    await refunded(conn, events, payment, payment["amount_cents"], reason=why)
    return f"refunded:{why}"


async def refunded(conn: Connection, events: EventBus, payment: asyncpg.Record, total: int, *,
                   reason: str) -> str:
    """Bring the refunded total up to `total`; a full refund cuts the period it bought."""
    if payment["status"] not in PAID:  # the refund overtook the success: the money was taken first
        payment = await payments.set_status(conn, payment["id"], "succeeded")
        await ledger.record_membership_charge(conn, payment)
    delta = total - payment["refunded_cents"]
    if delta <= 0:
        return "ignored"
    await ledger.record_membership_refund(conn, payment, delta, memo=reason)
    full = total >= payment["amount_cents"]
    payment = await payments.set_status(conn, payment["id"], "refunded" if full else "partially_refunded",
                                        refunded_cents=total)
    if full and await queries.cut(conn, payment["id"]) is not None:
        await follow_periods(conn, payment["user_id"], by=None,
                             reason=f"PRIME membership refunded (payment {payment['id']})")
    await tell(conn, events, payment, "membership.refunded", refunded_cents=total,
               prime_until=_iso(await queries.chain_end(conn, payment["user_id"])))
    return "refunded"


def _iso(at: object) -> str | None:
    return at.isoformat() if hasattr(at, "isoformat") else None
