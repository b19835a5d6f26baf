"""Payment fixtures: a bookable model, buyers, holds, signed provider events, a notification inbox,
and localstripe (a stateful fake Stripe from PyPI) run as a subprocess on a 127.0.0.1 port."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
import websockets
from litestar import Litestar

from app.auth.tokens import CurrentUser, issue_tokens
from app.payments.providers import registry
from app.payments.providers.crypto import SIGNATURE_HEADER as CRYPTO_SIG
from app.payments.providers.crypto import sign as crypto_sign
from app.payments.providers.sandbox import event_body
from app.payments.providers.signing import sign
from core.config import Settings
from tests.frames import FrameQueue, received
from tests.processes import listening_socket

STRIPE_KEY = "sk_test_pnp_localstripe"
STRIPE_WHSEC = "whsec_pnp_test_secret"
_ids = itertools.count(8_100_000_000 + (hash(Path(__file__)) % 1_000_000) * 1000)
_LAUNCH = ("import socket, sys; from aiohttp import web; from localstripe.server import app; "
           "web.run_app(app, sock=socket.socket(fileno=int(sys.argv[1])), print=None)")


@pytest.fixture(scope="session")
def localstripe() -> Iterator[str]:
    """localstripe on a socket that listens before it starts: requests wait in the kernel's queue
    until it serves them."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(sock.fileno())],  # noqa: S603
                            pass_fds=[sock.fileno()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sock.close()
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def settings(settings: Settings, localstripe: str) -> Settings:
    return msgspec.structs.replace(
        settings, stripe_secret_key=STRIPE_KEY, stripe_webhook_secret=STRIPE_WHSEC,
        stripe_publishable_key="pk_test_pnp", stripe_api_base=localstripe,
        booking_sweep_interval_s=0, payment_expiry_interval_s=0, booking_max_live_holds=50,
        booking_attempts_per_minute=1000)


@pytest.fixture
async def stripe_webhook(localstripe: str, base_url: str) -> str:
    """Points localstripe's webhook at this test's server."""
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{localstripe}/_config/webhooks/pnp", data={
            "url": f"{base_url}/api/payments/webhooks/stripe", "secret": STRIPE_WHSEC})
    assert response.status_code == 200, response.text
    return base_url


@dataclass
class Buyer:
    id: int
    headers: dict[str, str]


@pytest.fixture
def buyer(client: httpx.AsyncClient) -> Callable[..., Awaitable[Buyer]]:
    async def make(role: str = "PRIME") -> Buyer:
        response = await client.post("/api/auth/dev-login", json={"telegram_id": next(_ids), "role": role})
        assert response.status_code == 200, response.text
        body = response.json()
        return Buyer(body["user"]["id"], {"Authorization": f"Bearer {body['access_token']}"})
    return make


@dataclass
class Model:
    id: int
    user: Buyer


@pytest.fixture
async def model(conn: Any, buyer: Callable[..., Awaitable[Buyer]]) -> Model:
    """A MODEL account with a public profile open every day all day, 30 min for 50.00 USD."""
    owner = await buyer("MODEL")
    model_id = await conn.fetchval("SELECT id FROM pnp_models WHERE user_id = $1", owner.id)
    await conn.execute("UPDATE pnp_models SET min_notice_min = 0, visibility = 'public' WHERE id = $1",
                       model_id)
    await conn.execute("DELETE FROM pnp_model_prices WHERE model_id = $1", model_id)
    await conn.execute("DELETE FROM pnp_model_schedules WHERE model_id = $1", model_id)
    await conn.execute("""INSERT INTO pnp_model_prices (model_id, duration_minutes, price_cents)
                          VALUES ($1, 30, 5000), ($1, 60, 9000)""", model_id)
    await conn.executemany(
        """INSERT INTO pnp_model_schedules (model_id, weekday, start_minute, end_minute)
           VALUES ($1, $2, 0, 1440)""",
        [(model_id, day) for day in range(1, 8)])
    return Model(model_id, owner)


_slots = itertools.count(3)


@pytest.fixture
def hold(client: httpx.AsyncClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    """A fresh held booking for `who` with `model`, each on its own future hour."""
    async def make(who: Buyer, model: Model, *, start: str | None = None) -> dict[str, Any]:
        at = start or (datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
                       + timedelta(hours=next(_slots) * 2)).isoformat()
        response = await client.post(
            "/api/bookings", headers={**who.headers, "Idempotency-Key": f"k{next(_ids)}"},
            json={"model_id": model.id, "start": at, "duration_minutes": 30})
        assert response.status_code == 201, response.text
        return dict(response.json())
    return make


@pytest.fixture
def pay(client: httpx.AsyncClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def make(who: Buyer, booking_id: int, method: str = "sandbox", **extra: Any) -> dict[str, Any]:
        response = await client.post(f"/api/bookings/{booking_id}/checkout", headers=who.headers,
                                     json={"method": method, **extra})
        assert response.status_code == 200, response.text
        return dict(response.json())
    return make


Sent = Callable[..., Awaitable[httpx.Response]]


@pytest.fixture
def sandbox_event(app: Litestar, client: httpx.AsyncClient) -> Sent:
    """Deliver a sandbox event signed as the sandbox provider signs it; `body` to replay one."""
    async def send(event_type: str = "payment.succeeded", ref: str = "", *, body: bytes | None = None,
                   timestamp: int | None = None, secret: str | None = None, **data: Any) -> httpx.Response:
        raw = body if body is not None else event_body(event_type, ref, **data)
        key = secret or registry(app.state)["sandbox"].secret  # type: ignore[attr-defined]
        return await client.post("/api/payments/webhooks/sandbox", content=raw, headers={
            "Sandbox-Signature": sign(key, raw, timestamp), "Content-Type": "application/json"})
    return send


@pytest.fixture
def crypto_ipn(app: Litestar, client: httpx.AsyncClient) -> Sent:
    async def send(ref: str, status: str = "finished", *, secret: str | None = None,
                   **extra: Any) -> httpx.Response:
        payload = {"payment_id": int(ref), "payment_status": status, "pay_address": "demo",
                   "price_amount": 50, "price_currency": "usd", "actually_paid": 50, **extra}
        key = secret or registry(app.state)["crypto"].ipn_secret  # type: ignore[attr-defined]
        return await client.post("/api/payments/webhooks/crypto", content=json.dumps(payload),
                                 headers={CRYPTO_SIG: crypto_sign(key, payload)})
    return send


@pytest.fixture
def stripe_event(client: httpx.AsyncClient) -> Sent:
    """A Stripe-shaped event signed with our webhook secret (Stripe's scheme), for replays."""
    async def send(event_type: str, obj: dict[str, Any], *, event_id: str | None = None,
                   timestamp: int | None = None) -> httpx.Response:
        body = json.dumps({"id": event_id or f"evt_{next(_ids)}", "object": "event", "type": event_type,
                           "created": int(time.time()), "data": {"object": obj}}).encode()
        return await client.post("/api/payments/webhooks/stripe", content=body, headers={
            "Stripe-Signature": sign(STRIPE_WHSEC, body, timestamp), "Content-Type": "application/json"})
    return send


@pytest.fixture
def inbox(base_url: str, settings: Settings) -> Callable[[int], Any]:
    """`async with inbox(user_id) as box: ...; await box.next("payment.succeeded")` — what that
    user's browser receives on its WebSocket."""
    @asynccontextmanager
    async def listen(user_id: int) -> AsyncIterator[FrameQueue]:
        bearer = CurrentUser(id=user_id, role="PRIME", onboarded=True)
        token = issue_tokens(bearer, secret=settings.jwt_secret, access_ttl=900, refresh_ttl=900)
        url = base_url.replace("http", "ws", 1) + f"/ws?token={token.access_token}"
        async with websockets.connect(url) as socket_:
            await socket_.recv()  # the unread summary: user:{id} is subscribed from here on
            async with received(socket_, field="kind") as box:
                yield box
    return listen


@pytest.fixture
def ledger(conn: Any) -> Callable[[int], Awaitable[dict[str, int]]]:
    async def sums(booking_id: int) -> dict[str, int]:
        rows = await conn.fetch("""SELECT kind, sum(amount_cents)::bigint AS total, count(*) AS n
                                   FROM ledger_entries WHERE booking_id = $1 GROUP BY kind""", booking_id)
        out = {r["kind"]: int(r["total"]) for r in rows}
        out.update({f"{r['kind']}_rows": int(r["n"]) for r in rows})
        return out
    return sums


@pytest.fixture
def paid_in_past(conn: Any, settings: Settings) -> Callable[..., Awaitable[int]]:
    """A completed session `days_ago` days back, paid through the sandbox, with its ledger rows."""
    from app.payments import ledger

    async def make(model: Model, client_id: int, *, days_ago: int = 30, cents: int = 5000,
                   status: str = "completed") -> int:
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
        booking = await conn.fetchrow(
            """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
                   price_cents, currency)
               VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '30 minutes', 30, $5, 'USD')
               RETURNING id, model_id, ends_at""", model.id, client_id, status, start, cents)
        payment = await conn.fetchrow(
            """INSERT INTO payments (booking_id, user_id, provider, provider_ref, status, amount_cents,
                   currency) VALUES ($1, $2, 'sandbox', $3, 'succeeded', $4, 'USD')
               RETURNING id, user_id, amount_cents, currency, provider, provider_ref""",
            booking["id"], client_id, f"sbx_past_{next(_ids)}", cents)
        await ledger.record_charge(conn, payment, booking, default_rate=settings.payment_commission_rate,
                                   hold_days=settings.payment_earnings_hold_days)
        return int(booking["id"])
    return make


@pytest.fixture
async def live_url(settings: Settings, database_url: str, serve_app: Any) -> AsyncIterator[str]:
    """A real server with its own pool on the test database: concurrent requests really race."""
    from app.main import create_app

    async with serve_app(create_app(msgspec.structs.replace(settings, database_url=database_url))) as url:
        yield url
