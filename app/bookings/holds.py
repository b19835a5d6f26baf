"""Holding a slot: a `held` booking whose range the exclusion constraint protects from any other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
from litestar.datastructures import State

from app.auth.tokens import CurrentUser
from app.availability.engine import Refusal, refusal_for
from app.availability.loader import load
from app.bookings import queries
from app.bookings.limits import attempt_limiter, count_attempt
from app.bookings.notices import publish_stored
from app.bookings.races import HoldRaces, Slot
from app.bookings.schemas import HoldIn
from app.catalog.service import visible_to
from app.errors import Problem, conflict, invalid, not_found
from core.config import Settings
from core.db import Connection, Database, single_statement
from core.events import EventBus
from core.metrics import HOLDS_CREATED, HOLDS_EXPIRED
from core.ratelimit import TokenBucket

_REFUSALS: dict[Refusal, tuple[int, str]] = {
    "past": (422, "start: must be in the future"),
    "notice": (422, "start: the model needs more notice than that"),
    "window": (422, "start: beyond the model's booking window"),
    "misaligned": (422, "start: not on the model's slot grid; pick a start from the availability list"),
    "unavailable": (409, "the model is not available at that time"),
    "blocked": (409, "the model has blocked that time"),
    "day_full": (409, "the model takes no more bookings that day"),
    "taken": (409, "that time is already booked"),
}


def refuse(reason: Refusal) -> Problem:
    status, detail = _REFUSALS[reason]
    return Problem(status, detail, reason=reason)


async def limiter(state: State) -> TokenBucket:
    """One per app; the Redis namespace is the database name, so test databases never share counts."""
    found = state.get("booking_limiter")
    if found is None:
        async with state.db.acquire() as conn:
            name = await queries.database_name(conn)
        found = state.setdefault("booking_limiter", attempt_limiter(
            state.redis, name, per_minute=state.settings.booking_attempts_per_minute))
    return found


def _check_key(row: asyncpg.Record, data: HoldIn) -> asyncpg.Record:
    same = row["model_id"] == data.model_id and row["duration_minutes"] == data.duration_minutes \
        and (data.start is None or row["starts_at"] == data.start)
    if not same:
        raise Problem(422, "Idempotency-Key was already used for a different booking request")
    return row


def _checked_key(key: str | None) -> str:
    if not key or len(key) > 200:
        raise invalid("Idempotency-Key", "header of 1 to 200 characters is required")
    return key


def _refusal_of(problem: Problem) -> Refusal | None:
    reason = problem.extra.get("reason") if isinstance(problem.extra, dict) else None
    return reason if reason in _REFUSALS else None


async def hold_slot(db: Database, events: EventBus | None, settings: Settings, limits: TokenBucket,
                    races: HoldRaces, *, user: CurrentUser, data: HoldIn,
                    key: str | None) -> tuple[asyncpg.Record, bool]:
    """A hold request from its edge: a read and one writing statement (core.db.single_statement,
    decision 0102), unless a hold of the same slot running in this process has already refused it
    (app/bookings/races.py)."""
    key = _checked_key(key)
    slot: Slot | None = None
    if data.start is not None and not data.instant:
        slot = (data.model_id, data.start.astimezone(UTC), data.duration_minutes, tuple(visible_to(user)))
        refusal = await races.verdict(slot)
        if refusal is not None:
            return await _follow(races, limits, user=user, data=data, key=key, refusal=refusal)
    with races.lead(slot) as verdict:
        try:
            async with single_statement(db) as conn:
                row, created = await hold(conn, events, settings, limits, user=user, data=data, key=key)
        except Problem as exc:
            verdict.refusal = _refusal_of(exc)
            raise
        if created:
            verdict.refusal = "taken"
        return row, created


async def _follow(races: HoldRaces, limits: TokenBucket, *, user: CurrentUser,
                  data: HoldIn, key: str, refusal: Refusal) -> tuple[asyncpg.Record, bool]:
    """A follower's answer: its own replayed key first, its attempt counted, then the leader's refusal."""
    replay = await races.replay(user.id, key)
    if replay is not None:
        return _check_key(replay, data), False
    await count_attempt(limits, user.id)
    raise refuse(refusal)


async def hold(conn: Connection, events: EventBus | None, settings: Settings, limits: TokenBucket, *,
               user: CurrentUser, data: HoldIn, key: str) -> tuple[asyncpg.Record, bool]:
    """The booking and whether it was created now (False: a replay of the same Idempotency-Key,
    which `hold_slot` has checked). Reads, then writes in one statement: `queries.place_hold`."""
    now = datetime.now(UTC)
    if data.instant:
        start = now.replace(microsecond=0)
    elif data.start is None:
        raise invalid("start", "required unless instant is true")
    else:
        start = data.start.astimezone(UTC)
    duration = timedelta(minutes=data.duration_minutes)
    loaded = await load(conn, data.model_id, start=start, end=start + duration,
                        duration=data.duration_minutes, client_id=user.id, key=key, busy=False)
    if loaded is None or loaded[0]["replay_id"] is not None:
        replay = await queries.by_idempotency_key(conn, user.id, key)
        if replay is not None:
            return _check_key(replay, data), False
    await count_attempt(limits, user.id)
    if loaded is None or loaded[0]["visibility"] not in visible_to(user):
        raise not_found("model")
    model, rules = loaded
    if model["price_cents"] is None:
        raise invalid("duration_minutes", "the model offers no session of that length")
    if data.instant and not model["is_online"]:
        raise conflict("instant booking needs the model to be online", reason="offline")
    refusal = refusal_for(rules, start=start, duration=duration, now=now, instant=data.instant)
    if refusal is not None:
        raise refuse(refusal)

    day = None
    if rules.max_bookings_per_day is not None:
        day_start = start.astimezone(rules.tz).replace(hour=0, minute=0, second=0, microsecond=0)
        day = (day_start, day_start + timedelta(days=1))  # wall-clock arithmetic: the next local midnight
    try:
        row = await queries.place_hold(
            conn, model_id=data.model_id, client_id=user.id, start=start,
            duration=data.duration_minutes, hold_seconds=settings.booking_hold_ttl_s,
            price_cents=model["price_cents"], currency=model["currency"], key=key,
            instant=data.instant, notes=data.notes, buffer_before=rules.buffer_before_min,
            buffer_after=rules.buffer_after_min, max_live=settings.booking_max_live_holds,
            max_per_day=rules.max_bookings_per_day, day=day, notify=events is not None)
    except (asyncpg.ExclusionViolationError, asyncpg.DeadlockDetectedError):
        raise refuse("taken") from None  # the statement rolled back whole
    outcome, released = row["outcome"], row["released"]
    publish_stored(conn, events, row)  # committed with the statement, whatever the outcome says

    async def count() -> None:
        if outcome == "held":
            HOLDS_CREATED.inc()
        HOLDS_EXPIRED.inc(len(released or ()))

    conn.on_commit(count)
    if outcome == "limit":
        raise Problem(429, f"at most {settings.booking_max_live_holds} unpaid holds at a time; "
                      "pay for or cancel one first", headers={"Retry-After": "60"}, retry_after=60)
    if outcome in ("taken", "day_full"):
        raise refuse(outcome)
    if outcome == "replay":  # the same key won a concurrent race: answer with its booking
        return _check_key(row, data), False
    return row, True
