from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.params import Parameter

from app.auth.guards import can_book, public, signed_in
from app.errors import not_found
from app.payments import admin_routes, checkout, money_routes, queries, settle
from app.payments.providers import provider, registry
from app.payments.providers.base import PROVIDERS
from app.payments.sandbox_page import sandbox_decide, sandbox_page
from app.payments.schemas import CheckoutIn, CheckoutOut, PaymentOut, PaymentPage, WebhookAck, to_struct
from core.db import Connection
from core.events import EventBus


@post("/api/bookings/{booking_id:int}/checkout", guards=[can_book], tags=["payments"], status_code=200)
async def start_checkout(request: Request[Any, Any, Any], conn: Connection, booking_id: int,
                         data: CheckoutIn) -> CheckoutOut:
    state = request.app.state
    return await checkout.checkout(conn, registry(state), provider(state, data.method),
                                   user=request.user, booking_id=booking_id, data=data)


@post("/api/payments/webhooks/{name:str}", guards=[public], tags=["payments"], status_code=200)
async def webhook(request: Request[Any, Any, Any], conn: Connection, events: EventBus,
                  name: str) -> WebhookAck:
    found = registry(request.app.state).get(name)
    if found is None:
        raise not_found("payment provider")
    result = await settle.receive(conn, events, request.app.state.settings, found, await request.body(),
                                  request.headers)
    return WebhookAck(received=True, result=result)


@get("/api/payments/methods", guards=[public], tags=["payments"])
async def payment_methods(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The checkout methods configured here, and Stripe's publishable key for the Payment Element."""
    found = registry(request.app.state)
    return {"methods": [name for name in PROVIDERS if name in found],
            "stripe_publishable_key": request.app.state.settings.stripe_publishable_key
            if "stripe" in found else None}


@get("/api/payments", guards=[signed_in], tags=["payments"])
async def my_payments(request: Request[Any, Any, Any], conn: Connection,
                      limit: Annotated[int, Parameter(ge=1, le=100)] = 50,
                      offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0) -> PaymentPage:
    rows = await queries.for_user(conn, request.user.id, limit=limit, offset=offset)
    return PaymentPage(items=[to_struct(r, PaymentOut) for r in rows], limit=limit, offset=offset)


router = Router(path="/", route_handlers=[start_checkout, webhook, payment_methods, my_payments, sandbox_page,
                                          sandbox_decide, money_routes.router, admin_routes.router])
