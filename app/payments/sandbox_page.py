"""The sandbox provider's hosted checkout page. Pay or Fail answers at once; the "provider" then
delivers a signed webhook to our own endpoint, as a real one would, from outside the request."""

from __future__ import annotations

import html
import logging
from typing import Any

import httpx
from litestar import Request, Response, get, post
from litestar.background_tasks import BackgroundTask

from app.auth.guards import public
from app.errors import not_found
from app.payments import queries
from app.payments.providers import registry
from app.payments.providers.sandbox import SandboxProvider, event_body
from core.db import transaction

log = logging.getLogger(__name__)
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox checkout</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}}
button{{font-size:1.1rem;padding:.6rem 1.4rem;margin-right:.5rem}}</style></head><body>
<h1>Sandbox checkout</h1><p>{what}: <strong>{amount}</strong></p><p>Status: {status}</p>
{actions}<p><small>Test payments only: no money moves.</small></p></body></html>"""
_ACTIONS = """<form method="post" action="/pay/sandbox/{ref}/pay" style="display:inline">
<button type="submit">Pay</button></form>
<form method="post" action="/pay/sandbox/{ref}/fail" style="display:inline">
<button type="submit">Fail</button></form>"""


async def _payment(request: Request[Any, Any, Any], ref: str) -> Any:
    async with transaction(request.app.state.db) as conn:
        payment = await queries.by_ref(conn, "sandbox", ref)
    if payment is None:
        raise not_found("checkout")
    return payment


def _sandbox(request: Request[Any, Any, Any]) -> SandboxProvider:
    found = registry(request.app.state).get("sandbox")
    if not isinstance(found, SandboxProvider):
        raise not_found("checkout")
    return found


@get("/pay/sandbox/{ref:str}", guards=[public], include_in_schema=False)
async def sandbox_page(request: Request[Any, Any, Any], ref: str) -> Response[str]:
    _sandbox(request)
    payment = await _payment(request, ref)
    actions = _ACTIONS.format(ref=html.escape(ref)) if payment["status"] in queries.OPEN else \
        "<p>This checkout is closed.</p>"
    what = f"Session #{payment['booking_id']}" if payment["booking_id"] else \
        f"PRIME membership ({html.escape(payment['membership_plan'])})"
    body = _PAGE.format(what=what, status=html.escape(payment["status"]),
                        amount=f"{payment['amount_cents'] / 100:.2f} {payment['currency']}", actions=actions)
    return Response(body, media_type="text/html")


async def deliver(url: str, body: bytes, headers: dict[str, str]) -> None:
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.post(url, content=body, headers=headers)
        if response.status_code >= 300:
            log.warning("sandbox webhook answered %s: %s", response.status_code, response.text[:200])
    except httpx.HTTPError:
        log.exception("sandbox webhook delivery failed")


@post("/pay/sandbox/{ref:str}/{action:str}", guards=[public], include_in_schema=False, status_code=200)
async def sandbox_decide(request: Request[Any, Any, Any], ref: str, action: str) -> Response[str]:
    if action not in ("pay", "fail"):
        raise not_found("action")
    provider = _sandbox(request)
    payment = await _payment(request, ref)
    if payment["status"] not in queries.OPEN:
        return Response("<p>This checkout is closed.</p>", media_type="text/html", status_code=409)
    event_type = "payment.succeeded" if action == "pay" else "payment.failed"
    body = event_body(event_type, ref, amount_cents=payment["amount_cents"])
    url = str(request.base_url).rstrip("/") + "/api/payments/webhooks/sandbox"
    message = "Payment sent: you can close this page." if action == "pay" else "Payment failed."
    return Response(f"<!doctype html><p>{message}</p>", media_type="text/html",
                    background=BackgroundTask(deliver, url, body, provider.signed(body)))
