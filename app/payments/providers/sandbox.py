"""The embedded provider: a checkout page served by this app (Pay / Fail) that then sends us a
signed webhook exactly as a real provider would, so the whole path runs with nothing configured."""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any

import msgspec

from app.payments.providers import signing
from app.payments.providers.base import BadWebhook, Created, Outcome, ProviderEvent, ProviderName

SIGNATURE_HEADER = "Sandbox-Signature"
_OUTCOMES: dict[str, Outcome] = {
    "payment.succeeded": "succeeded", "payment.failed": "failed", "refund.succeeded": "refunded",
}


def event_body(event_type: str, ref: str, **data: Any) -> bytes:
    return msgspec.json.encode({
        "id": f"evt_sbx_{secrets.token_hex(12)}", "type": event_type, "created": int(time.time()),
        "data": {"ref": ref, **data},
    })


class SandboxProvider:
    name: ProviderName = "sandbox"

    def __init__(self, *, secret: str, tolerance_s: int) -> None:
        self.secret = secret
        self.tolerance_s = tolerance_s

    async def create(self, *, payment_key: str, booking_id: int, amount_cents: int, currency: str,
                     description: str) -> Created:
        ref = f"sbx_{secrets.token_urlsafe(18)}"
        return Created(ref=ref, client_data={"url": f"/pay/sandbox/{ref}"})

    async def cancel(self, ref: str) -> bool:
        return True

    async def refund(self, ref: str, amount_cents: int) -> str:
        return f"sbx_re_{secrets.token_hex(8)}"

    def signed(self, body: bytes) -> dict[str, str]:
        return {SIGNATURE_HEADER: signing.sign(self.secret, body), "Content-Type": "application/json"}

    def verify(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        signing.check(self.secret, body, headers.get(SIGNATURE_HEADER.lower()),
                      tolerance_s=self.tolerance_s)
        try:
            event = msgspec.json.decode(body)
            event_id, event_type, data = str(event["id"]), str(event["type"]), event["data"]
            ref = str(data["ref"])
        except (msgspec.DecodeError, KeyError, TypeError) as exc:
            raise BadWebhook("malformed event") from exc
        refunded = data.get("refunded_cents")
        return ProviderEvent(event_id=event_id, event_type=event_type,
                             outcome=_OUTCOMES.get(event_type, "ignored"), ref=ref, payload=event,
                             refunded_cents=int(refunded) if isinstance(refunded, int) else None)
