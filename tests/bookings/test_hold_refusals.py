"""Each reason a hold is refused before the database is asked: a clear 409 or 422 with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


async def _hold(client, bearer, user, model_id, start, duration=30, **extra):
    body = {"model_id": model_id, "duration_minutes": duration, **extra}
    if start is not None:
        body["start"] = start.isoformat()
    return await client.post("/api/bookings", json=body,
                             headers={**bearer(user), "Idempotency-Key": f"k{start}{extra}"})


@pytest.mark.parametrize(("columns", "offset", "status", "reason"), [
    ({}, timedelta(hours=-2), 422, "past"),
    ({"min_notice_min": 600}, timedelta(hours=3), 422, "notice"),
    ({"booking_window_days": 2}, timedelta(days=4), 422, "window"),
    ({}, timedelta(hours=3, minutes=10), 422, "misaligned"),
])
async def test_time_rules(client, bearer, make_user, make_model, slot, columns, offset, status,
                          reason) -> None:
    user, model_id = await make_user(), await make_model(**columns)
    start = slot(0) + offset
    response = await _hold(client, bearer, user, model_id, start)
    assert (response.status_code, response.json().get("reason")) == (status, reason), response.text


async def test_outside_the_weekly_rules_is_409(client, bearer, make_user, make_model, slot) -> None:
    start = slot(30)
    weekday = start.isoweekday() % 7 + 1  # open only on the following weekday
    user, model_id = await make_user(), await make_model(weekly=[(weekday, 0, 1440)])
    response = await _hold(client, bearer, user, model_id, start)
    assert (response.status_code, response.json()["reason"]) == (409, "unavailable")


async def test_blocked_range_is_409(client, conn, bearer, make_user, make_model, slot) -> None:
    user, model_id = await make_user(), await make_model()
    start = slot(5)
    await conn.execute("INSERT INTO pnp_model_blocked_dates (model_id, starts_at, ends_at) "
                       "VALUES ($1, $2, $3)",
                       model_id, start - timedelta(hours=1), start + timedelta(minutes=10))
    response = await _hold(client, bearer, user, model_id, start)
    assert (response.status_code, response.json()["reason"]) == (409, "blocked")


async def test_daily_maximum_is_409(client, bearer, make_user, make_model) -> None:
    user, model_id = await make_user(), await make_model(max_bookings_per_day=1)
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=3)
    first = await _hold(client, bearer, user, model_id, day + timedelta(hours=9))
    second = await _hold(client, bearer, user, model_id, day + timedelta(hours=15))
    assert first.status_code == 201
    assert (second.status_code, second.json()["reason"]) == (409, "day_full")


async def test_instant_booking_needs_an_online_model(client, conn, bearer, make_user, make_model) -> None:
    user, model_id = await make_user(), await make_model(min_notice_min=120, weekly=[])
    offline = await _hold(client, bearer, user, model_id, None, instant=True)
    assert (offline.status_code, offline.json()["reason"]) == (409, "offline")
    await conn.execute("UPDATE pnp_models SET is_online = true WHERE id = $1", model_id)
    online = await _hold(client, bearer, user, model_id, None, instant=True)
    assert online.status_code == 201, online.text
    assert online.json()["is_instant"] is True
    started = datetime.fromisoformat(online.json()["starts_at"])
    assert abs((started - datetime.now(UTC)).total_seconds()) < 60
