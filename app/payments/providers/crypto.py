"""NOWPayments-style crypto invoices. IPN callbacks are signed HMAC-SHA512 over the key-sorted
JSON in `x-nowpayments-sig`. Without an API key the invoice is a local demo one (no network)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any

import httpx

from app.errors import Problem
from app.payments.providers.base import BadWebhook, Created, Outcome, ProviderEvent, ProviderName

SIGNATURE_HEADER = "x-nowpayments-sig"
_OUTCOMES: dict[str, Outcome] = {
    "finished": "succeeded", "failed": "failed", "expired": "failed", "refunded": "refunded",
}
MANUAL_REFUND = "manual"


def canonical(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(secret: str, payload: Mapping[str, Any]) -> str:
    return hmac.new(secret.encode(), canonical(payload), hashlib.sha512).hexdigest()


class CryptoProvider:
    name: ProviderName = "crypto"

    def __init__(self, *, ipn_secret: str, api_key: str | None, api_base: str, pay_currency: str,
                 callback_url: str) -> None:
        self.ipn_secret = ipn_secret
        self.api_key = api_key
        self.api_base = api_base.rstrip("/")
        self.pay_currency = pay_currency
        self.callback_url = callback_url

    async def create(self, *, payment_key: str, booking_id: int, amount_cents: int, currency: str,
                     description: str) -> Created:
        body = {"price_amount": amount_cents / 100, "price_currency": currency.lower(),
                "pay_currency": self.pay_currency, "order_id": payment_key,
                "order_description": description, "ipn_callback_url": self.callback_url}
        if self.api_key is None:
            invoice = {"payment_id": int(secrets.randbelow(10**10)) + 10**10, "payment_status": "waiting",
                       "pay_address": f"demo{secrets.token_hex(16)}", "pay_amount": amount_cents / 100,
                       "pay_currency": self.pay_currency}
        else:
            try:
                async with httpx.AsyncClient(timeout=10) as http:
                    response = await http.post(f"{self.api_base}/v1/payment", json=body,
                                               headers={"x-api-key": self.api_key})
                    response.raise_for_status()
                    invoice = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise Problem(502, "the crypto payment provider is unreachable; try again") from exc
        return Created(ref=str(invoice["payment_id"]), client_data={
            "pay_address": invoice["pay_address"], "pay_amount": invoice["pay_amount"],
            "pay_currency": invoice["pay_currency"], "demo": self.api_key is None})

    async def cancel(self, ref: str) -> bool:
        """Invoices cannot be withdrawn: we stop honouring it; a late payment is reclaimed or refunded."""
        return True

    async def refund(self, ref: str, amount_cents: int) -> str:
        """No refund API: the refund is recorded here and an admin sends it (audited as manual)."""
        return MANUAL_REFUND

    def verify(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise BadWebhook("malformed IPN") from exc
        if not isinstance(payload, dict):
            raise BadWebhook("malformed IPN")
        given = headers.get(SIGNATURE_HEADER) or ""
        if not hmac.compare_digest(sign(self.ipn_secret, payload), given):
            raise BadWebhook("signature does not match")
        status = str(payload.get("payment_status", ""))
        ref = payload.get("payment_id")
        if ref is None or not status:
            raise BadWebhook("IPN without payment_id or payment_status")
        return ProviderEvent(event_id=f"{ref}:{status}", event_type=status,
                             outcome=_OUTCOMES.get(status, "ignored"), ref=str(ref), payload=payload)
