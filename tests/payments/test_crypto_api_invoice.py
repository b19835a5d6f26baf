"""With an API key the crypto invoice comes from the NOWPayments API (`POST /v1/payment`). That
service is unreachable from here, so a stand-in answers on 127.0.0.1 with the documented shape."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar import Litestar, Request, post

from app.auth.guards import public
from app.payments.providers import registry
from core.config import Settings

SEEN: list[dict[str, Any]] = []


@post("/v1/payment", guards=[public], status_code=201)
async def create_payment(request: Request[Any, Any, Any]) -> dict[str, Any]:
    body = await request.json()
    SEEN.append({"body": body, "key": request.headers.get("x-api-key")})
    return {"payment_id": 5077125051, "payment_status": "waiting", "pay_address": "TXyz-stand-in",
            "price_amount": body["price_amount"], "price_currency": body["price_currency"],
            "pay_amount": 51.3, "pay_currency": body["pay_currency"], "order_id": body["order_id"]}


@pytest.fixture
async def nowpayments(serve_app: Any) -> Any:
    """A stand-in for the NOWPayments API on a 127.0.0.1 port."""
    async with serve_app(Litestar([create_payment])) as url:
        yield url


@pytest.fixture
def settings(settings: Settings, nowpayments: str) -> Settings:
    return msgspec.structs.replace(settings, crypto_api_key="np-test-key", crypto_api_base=nowpayments)


async def test_invoice_from_api(app, conn, buyer, model, hold, pay, crypto_ipn) -> None:
    assert registry(app.state)["crypto"].api_key == "np-test-key"  # type: ignore[attr-defined]
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "crypto")
    assert (out["pay_address"], out["pay_amount"]) == ("TXyz-stand-in", 51.3)
    sent = SEEN[-1]
    assert sent["key"] == "np-test-key" and sent["body"]["price_amount"] == 50
    assert sent["body"]["ipn_callback_url"].endswith("/api/payments/webhooks/crypto")
    assert (await crypto_ipn("5077125051", "finished")).json()["result"] == "confirmed"
