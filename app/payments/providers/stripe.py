"""Stripe PaymentIntents through the official SDK (one client per app, never a global config)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe

from app.errors import Problem
from app.payments.providers.base import BadWebhook, Created, Outcome, ProviderEvent, ProviderName

_OUTCOMES: dict[str, Outcome] = {
    "payment_intent.succeeded": "succeeded",
    "payment_intent.payment_failed": "failed",
    "payment_intent.canceled": "cancelled",
    "charge.refunded": "refunded",
}
_CANCELLABLE = frozenset({"requires_payment_method", "requires_confirmation", "requires_action",
                          "requires_capture"})


class StripeProvider:
    name: ProviderName = "stripe"

    def __init__(self, *, secret_key: str, webhook_secret: str, publishable_key: str | None,
                 api_base: str | None, tolerance_s: int) -> None:
        self.client = stripe.StripeClient(
            secret_key, base_addresses={"api": api_base} if api_base else {},
            http_client=stripe.HTTPXClient(), max_network_retries=2)
        self.webhook_secret = webhook_secret
        self.publishable_key = publishable_key
        self.tolerance_s = tolerance_s

    async def create(self, *, payment_key: str, booking_id: int, amount_cents: int, currency: str,
                     description: str, payment_method: str | None = None) -> Created:
        params: dict[str, Any] = {
            "amount": amount_cents, "currency": currency.lower(),
            "metadata": {"booking_id": str(booking_id), "payment_key": payment_key,
                         "description": description}}
        if payment_method is not None:  # server-side confirm (tests, saved cards)
            params.update(payment_method=payment_method, confirm=True)
        try:
            intent = await self.client.v1.payment_intents.create_async(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": payment_key})
        except stripe.CardError as exc:
            raise Problem(402, f"the card was declined: {exc.user_message or 'try another card'}",
                          reason="card_declined") from exc
        except stripe.StripeError as exc:
            raise Problem(502, "the payment provider did not accept the payment; try again") from exc
        return Created(ref=intent.id, client_data={
            "client_secret": intent.client_secret, "publishable_key": self.publishable_key,
            "status": intent.status})

    async def cancel(self, ref: str) -> bool:
        intent = await self.client.v1.payment_intents.retrieve_async(ref)
        if intent.status == "canceled":
            return True
        if intent.status not in _CANCELLABLE:
            return False
        await self.client.v1.payment_intents.cancel_async(ref)
        return True

    async def refund(self, ref: str, amount_cents: int) -> str:
        refund = await self.client.v1.refunds.create_async(
            params={"payment_intent": ref, "amount": amount_cents},
            options={"idempotency_key": f"refund-{ref}-{amount_cents}"})
        return refund.id

    def verify(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        try:
            event = stripe.Webhook.construct_event(
                body, headers.get("stripe-signature"), self.webhook_secret, tolerance=self.tolerance_s)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise BadWebhook(f"stripe signature: {exc}") from exc
        payload = event.to_dict()
        obj = payload.get("data", {}).get("object", {})
        outcome = _OUTCOMES.get(event.type, "ignored")
        ref = obj.get("payment_intent") if event.type.startswith("charge.") else obj.get("id")
        refunded = obj.get("amount_refunded") if outcome == "refunded" else None
        return ProviderEvent(event_id=event.id, event_type=event.type, outcome=outcome,
                             ref=ref if isinstance(ref, str) else None, payload=payload,
                             refunded_cents=int(refunded) if isinstance(refunded, int) else None)
