"""Membership tests use the payment fixtures (buyers, a bookable model, signed provider events,
localstripe) and add a purchase helper and a clock moved by editing the periods."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.payments.conftest import (  # noqa: F401 - fixtures
    Buyer,
    buyer,
    hold,
    localstripe,
    model,
    pay,
    sandbox_event,
    settings,
    stripe_event,
    stripe_webhook,
)

_ids = itertools.count(8_200_000_000)


@pytest.fixture
def buy(client: httpx.AsyncClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    """Starts a membership checkout; returns its JSON (asserts 200)."""
    async def make(who: Buyer, plan: str = "prime_30", method: str = "sandbox",
                   **extra: Any) -> dict[str, Any]:
        response = await client.post("/api/membership/checkout", headers=who.headers,
                                     json={"plan": plan, "method": method, **extra})
        assert response.status_code == 200, response.text
        return dict(response.json())
    return make


def sandbox_ref(checkout: dict[str, Any]) -> str:
    return str(checkout["url"]).rsplit("/", 1)[1]


@pytest.fixture
def paid(buy: Any, sandbox_event: Any) -> Callable[..., Awaitable[dict[str, Any]]]:  # noqa: F811
    """Buys `plan` in the sandbox and delivers its success webhook."""
    async def make(who: Buyer, plan: str = "prime_30") -> dict[str, Any]:
        out = await buy(who, plan)
        response = await sandbox_event("payment.succeeded", sandbox_ref(out))
        assert response.status_code == 200, response.text
        return out
    return make


@pytest.fixture
def shift(conn: Any) -> Callable[..., Awaitable[None]]:
    """Moves every period of `user_id` `days` into the past (the clock moved on)."""
    async def move(user_id: int, days: float) -> None:
        await conn.execute(
            """UPDATE memberships SET starts_at = starts_at - make_interval(secs => $2 * 86400),
                                      ends_at = ends_at - make_interval(secs => $2 * 86400)
                WHERE user_id = $1""", user_id, days)
    return move


@pytest.fixture
def member(client: httpx.AsyncClient) -> Callable[..., Awaitable[Member]]:
    """A dev-login account that keeps its refresh token: `await who.refreshed()` reloads its role
    from the database (POST /api/auth/refresh), as the browser does after a purchase."""
    async def make(role: str = "FREE") -> Member:
        response = await client.post("/api/auth/dev-login", json={"telegram_id": next(_ids), "role": role})
        assert response.status_code == 200, response.text
        return Member(client, response.json())
    return make


class Member(Buyer):
    def __init__(self, client: httpx.AsyncClient, auth: dict[str, Any]) -> None:
        super().__init__(auth["user"]["id"], {"Authorization": f"Bearer {auth['access_token']}"})
        self.client, self.refresh_token = client, auth["refresh_token"]

    async def refreshed(self) -> str:
        """The role the new token carries."""
        response = await self.client.post("/api/auth/refresh", json={"refresh_token": self.refresh_token})
        assert response.status_code == 200, response.text
        auth = response.json()
        self.headers = {"Authorization": f"Bearer {auth['access_token']}"}
        self.refresh_token = auth["refresh_token"]
        return str(auth["user"]["role"])
