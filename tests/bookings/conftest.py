"""Booking fixtures: models with prices and open hours, and committed data for real races."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest

from app.auth.tokens import CurrentUser, issue_tokens
from app.main import create_app
from core.config import Settings

_ids = itertools.count(7_000_000_000 + (hash(Path(__file__)) % 1_000_000) * 1000)

MakeModel = Callable[..., Awaitable[int]]
MakeUser = Callable[..., Awaitable[int]]


async def _user(conn: asyncpg.Connection, role: str) -> int:
    return await conn.fetchval(
        """INSERT INTO users (telegram_id, role, onboarding_complete, terms_accepted_at, adult_confirmed_at)
           VALUES ($1, $2, true, now(), now()) RETURNING id""", next(_ids), role)


async def _model(conn: asyncpg.Connection, *, user_id: int | None = None, timezone: str = "UTC",
                 prices: dict[int, int] | None = None, weekly: list[tuple[int, int, int]] | None = None,
                 **columns: Any) -> int:
    """A public, listed model open all day every day unless `weekly` says otherwise; min notice 0."""
    fields = {"display_name": "Test model", "bio": "A ready profile.", "timezone": timezone,
              "min_notice_min": 0, **columns}
    names = ", ".join(fields)
    marks = ", ".join(f"${i}" for i in range(2, len(fields) + 2))
    model_id = await conn.fetchval(
        f"INSERT INTO pnp_models (user_id, {names}) VALUES ($1, {marks}) RETURNING id",
        user_id, *fields.values())
    for duration, cents in (prices or {30: 5000, 60: 9000}).items():
        await conn.execute(
            "INSERT INTO pnp_model_prices (model_id, duration_minutes, price_cents) VALUES ($1, $2, $3)",
            model_id, duration, cents)
    for weekday, first, last in weekly if weekly is not None else [(d, 0, 1440) for d in range(1, 8)]:
        await conn.execute(
            """INSERT INTO pnp_model_schedules (model_id, weekday, start_minute, end_minute)
               VALUES ($1, $2, $3, $4)""", model_id, weekday, first, last)
    return model_id


@pytest.fixture
def make_user(conn: asyncpg.Connection) -> MakeUser:
    async def make(role: str = "PRIME") -> int:
        return await _user(conn, role)
    return make


@pytest.fixture
def make_model(conn: asyncpg.Connection) -> MakeModel:
    async def make(**kwargs: Any) -> int:
        return await _model(conn, **kwargs)
    return make


def next_slot(hours: int = 2, minutes: int = 0) -> datetime:
    """A start on the half-hour grid, `hours` from now."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now + timedelta(hours=hours + 1, minutes=minutes)


@pytest.fixture
def slot() -> Callable[..., datetime]:
    return next_slot


class World:
    """Committed users and one committed model, removed again after the test."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.users: list[int] = []
        self.models: list[int] = []

    async def user(self, role: str = "PRIME") -> int:
        async with self.pool.acquire() as conn:
            self.users.append(await _user(conn, role))
        return self.users[-1]

    async def model(self, **kwargs: Any) -> int:
        async with self.pool.acquire() as conn:
            model_user = await _user(conn, "MODEL")
            self.users.append(model_user)
            self.models.append(await _model(conn, user_id=model_user, **kwargs))
        return self.models[-1]

    async def clean(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute("DELETE FROM pnp_bookings WHERE model_id = ANY($1)", self.models)
            await conn.execute("DELETE FROM pnp_models WHERE id = ANY($1)", self.models)
            await conn.execute("DELETE FROM notifications WHERE user_id = ANY($1)", self.users)
            referenced = await conn.fetch(
                "SELECT DISTINCT actor_id FROM audit_log WHERE actor_id = ANY($1)", self.users)
            keep = {r["actor_id"] for r in referenced}
            unused = [u for u in self.users if u not in keep]
            await conn.execute("DELETE FROM users WHERE id = ANY($1)", unused)


@pytest.fixture
async def world(pool: asyncpg.Pool) -> AsyncIterator[World]:
    created = World(pool)
    try:
        yield created
    finally:
        await created.clean()


@pytest.fixture
def live_settings(settings: Settings, database_url: str) -> Settings:
    return msgspec.structs.replace(
        settings, database_url=database_url, booking_attempts_per_minute=1000, booking_max_live_holds=1000,
        booking_sweep_interval_s=0)


@pytest.fixture
async def live_url(live_settings: Settings, serve_app: Any) -> AsyncIterator[str]:
    """A real server with its own connection pool on the test database: requests really race."""
    async with serve_app(create_app(live_settings)) as url:
        yield url


@pytest.fixture
async def live_client(live_url: str) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=live_url, timeout=60, limits=limits) as http:
        yield http


@pytest.fixture
def bearer(settings: Settings) -> Callable[..., dict[str, str]]:
    """Authorization headers for an existing (e.g. committed) user, without a request."""
    def make(user_id: int, role: str = "PRIME") -> dict[str, str]:
        pair = issue_tokens(CurrentUser(user_id, role, True), secret=settings.jwt_secret,  # type: ignore[arg-type]
                            access_ttl=600, refresh_ttl=600)
        return {"Authorization": f"Bearer {pair.access_token}"}
    return make
