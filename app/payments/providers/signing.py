"""`t=<unix>,v1=<hex hmac-sha256("t.body")>` signatures (Stripe's scheme, used by the sandbox)."""

from __future__ import annotations

import hashlib
import hmac
import time

from app.payments.providers.base import BadWebhook


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def check(secret: str, body: bytes, header: str | None, *, tolerance_s: int) -> None:
    """BadWebhook (400) unless one v1 signature matches and the timestamp is fresh."""
    if not header:
        raise BadWebhook("missing signature header")
    parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
    stamps = [v for k, v in parts if k.strip() == "t"]
    macs = [v for k, v in parts if k.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not macs:
        raise BadWebhook("malformed signature header")
    ts = int(stamps[0])
    expected = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, mac.strip()) for mac in macs):
        raise BadWebhook("signature does not match")
    if abs(time.time() - ts) > tolerance_s:
        raise BadWebhook("signature timestamp is outside the tolerance window")
