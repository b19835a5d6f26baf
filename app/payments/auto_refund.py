"""Giving back a payment that bought nothing (a lost slot, a banned buyer): the provider's refund
and its audit rows, shared by booking and membership settlement."""

from __future__ import annotations

import logging

import asyncpg

from app import audit
from app.errors import Problem
from app.payments.providers.base import Provider
from app.payments.providers.crypto import MANUAL_REFUND
from core.db import Connection

log = logging.getLogger(__name__)


async def auto_refund(conn: Connection, provider: Provider, payment: asyncpg.Record, *,
                      reason: str) -> str:
    """The provider's refund reference; 503 when the provider failed (nothing is recorded: it
    delivers the event again)."""
    try:
        refund_ref = await provider.refund(payment["provider_ref"], payment["amount_cents"])
    except Exception as exc:
        log.exception("automatic refund of payment %s failed", payment["id"])
        raise Problem(503, "the refund could not be made yet; deliver again later") from exc
    await audit.record(conn, actor_id=None, action="payment.auto_refunded", entity="payment",
                       entity_id=payment["id"], data={"reason": reason, "refund": refund_ref})
    if refund_ref == MANUAL_REFUND:
        await audit.record(conn, actor_id=None, action="payment.manual_refund_due", entity="payment",
                           entity_id=payment["id"], data={"amount_cents": payment["amount_cents"]})
    return refund_ref
