"""Calendar files parse with icalendar: one booking, and the model's secret feed."""

from __future__ import annotations

from icalendar import Calendar


async def test_booking_ics_parses(client, conn, bearer, make_user, make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model()
    start = slot(5)
    held = await client.post(
        "/api/bookings",
        headers={**bearer(client_id), "Idempotency-Key": "ics"},
        json={"model_id": model_id, "start": start.isoformat(), "duration_minutes": 60},
    )
    booking_id = held.json()["id"]
    response = await client.get(f"/api/bookings/{booking_id}/calendar.ics", headers=bearer(client_id))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert events[0]["UID"] == f"booking-{booking_id}@pnp-live"
    assert events[0].decoded("DTSTART") == start and str(events[0]["STATUS"]) == "TENTATIVE"
    stranger = await client.get(f"/api/bookings/{booking_id}/calendar.ics", headers=bearer(await make_user()))
    assert stranger.status_code == 404


async def test_model_feed(client, conn, login, bearer, make_user, slot) -> None:
    headers = await login("MODEL")
    model_id = await conn.fetchval("SELECT max(id) FROM pnp_models")
    await conn.execute(
        "INSERT INTO pnp_model_prices (model_id, duration_minutes, price_cents) VALUES ($1, 30, 1)", model_id
    )
    await conn.execute(
        "INSERT INTO pnp_model_schedules (model_id, weekday, start_minute, end_minute) "
        "SELECT $1, d, 0, 1440 FROM generate_series(1, 7) d",
        model_id,
    )
    await conn.execute("UPDATE pnp_models SET min_notice_min = 0 WHERE id = $1", model_id)
    client_id = await make_user()
    for hours in (5, 8):
        response = await client.post(
            "/api/bookings",
            headers={**bearer(client_id), "Idempotency-Key": str(hours)},
            json={"model_id": model_id, "start": slot(hours).isoformat(), "duration_minutes": 30},
        )
        assert response.status_code == 201, response.text
    url = (await client.get("/api/model/me/calendar", headers=headers)).json()["url"]
    feed = await client.get(url[url.index("/api/") :])
    assert feed.status_code == 200
    calendar = Calendar.from_ical(feed.content)
    assert len(calendar.walk("VEVENT")) == 2
    assert (await client.get("/api/calendar/not-the-token.ics")).status_code == 404
