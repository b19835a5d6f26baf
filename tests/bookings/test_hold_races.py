"""Holds of one slot racing in one process: those that arrive while one is in flight follow it
(app/bookings/races.py). The leader is held inside PostgreSQL by the advisory lock its hold takes
first (`pnp:holds:<client>`), taken here by another transaction, until the followers wait."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import asyncpg
import msgspec
import pytest

from app.auth.tokens import CurrentUser
from app.bookings import holds
from app.bookings.limits import attempt_limiter
from app.bookings.races import HoldRaces, Slot
from app.bookings.schemas import HoldIn
from app.catalog.service import visible_to
from app.errors import Problem
from core.config import Settings


@pytest.fixture
def races(pool: asyncpg.Pool) -> HoldRaces:
    return HoldRaces(pool)


@asynccontextmanager
async def holds_lock_of(pool: asyncpg.Pool, user_id: int) -> AsyncIterator[None]:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('pnp:holds:' || $1::bigint, 0))",
                           user_id)
        yield


def slot_of(model_id: int, start: datetime) -> Slot:
    return model_id, start.astimezone(UTC), 30, tuple(visible_to(CurrentUser(0, "PRIME", True)))


def hold_task(pool, settings: Settings, races: HoldRaces, user_id: int, model_id: int, start: datetime,
              key: str) -> asyncio.Task:
    limits = attempt_limiter(None, "races", per_minute=settings.booking_attempts_per_minute)
    return asyncio.ensure_future(holds.hold_slot(
        pool, None, settings, limits, races, user=CurrentUser(user_id, "PRIME", True),
        data=HoldIn(model_id=model_id, start=start, duration_minutes=30), key=key))


async def refusal(task: asyncio.Task) -> tuple[int, object]:
    """The status and extra fields of the problem a hold ended with."""
    with pytest.raises(Problem) as refused:
        await task
    return refused.value.status_code, refused.value.extra


async def raced(pool, settings: Settings, races: HoldRaces, model_id: int, start: datetime,
                leader: tuple[int, str],
                followers: list[tuple[int, str]]) -> tuple[asyncio.Task, list[asyncio.Task]]:
    """The leader's hold (user, key), held inside PostgreSQL until the followers' holds wait on it."""
    slot = slot_of(model_id, start)
    async with holds_lock_of(pool, leader[0]):
        lead = hold_task(pool, settings, races, leader[0], model_id, start, leader[1])
        await asyncio.wait_for(races.followed(slot, 0), 10)
        follow = [hold_task(pool, settings, races, user, model_id, start, key) for user, key in followers]
        await asyncio.wait_for(races.followed(slot, len(followers)), 10)
    return lead, follow


async def test_followers_of_a_winning_leader_are_refused_as_taken(pool, world, settings, races, slot) -> None:
    model_id, start = await world.model(), slot()
    leader_user, *others = [await world.user() for _ in range(4)]
    leader, followers = await raced(pool, settings, races, model_id, start, (leader_user, "lead"),
                                    [(u, f"f{u}") for u in others])
    row, created = await leader
    assert created and row["client_id"] == leader_user
    for follower in followers:
        assert await refusal(follower) == (409, {"reason": "taken"})
    assert races.following(slot_of(model_id, start)) is None


async def test_a_follower_replaying_its_key_gets_its_own_booking(pool, world, settings, races, slot) -> None:
    model_id, start = await world.model(), slot()
    owner, latecomer = await world.user(), await world.user()
    booked, _ = await hold_task(pool, settings, races, owner, model_id, start, "mine")
    leader, [retry] = await raced(pool, settings, races, model_id, start, (latecomer, "late"),
                                  [(owner, "mine")])
    assert (await refusal(leader))[0] == 409
    row, created = await retry
    assert (row["id"], created) == (booked["id"], False)


async def test_a_leader_refused_for_itself_leaves_the_slot_to_a_follower(pool, world, settings, races,
                                                                          slot) -> None:
    settings = msgspec.structs.replace(settings, booking_max_live_holds=1)
    model_id, other_model, start = await world.model(), await world.model(), slot()
    busy, free = await world.user(), await world.user()
    await hold_task(pool, settings, races, busy, other_model, start, "elsewhere")
    leader, [follower] = await raced(pool, settings, races, model_id, start, (busy, "over-limit"),
                                     [(free, "free")])
    assert (await refusal(leader))[0] == 429
    row, created = await follower
    assert created and row["client_id"] == free
