"""GET /api/models/{id}/availability: slots in UTC and the asked zone, minus bookings with buffers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def _monday_next_week() -> datetime:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=7 - today.weekday() + 7)


async def test_slots_skip_bookings_and_their_buffers(client, conn, make_user, make_model) -> None:
    monday = _monday_next_week()
    model_id = await make_model(weekly=[(1, 9 * 60, 13 * 60)], prices={60: 100}, slot_interval_min=60,
                                buffer_after_min=60, timezone="UTC")
    client_id = await make_user()
    await conn.execute(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency, buffer_after_min)
           VALUES ($1, $2, 'confirmed', $3::timestamptz, $3::timestamptz + interval '1 hour', 60, 100,
                   'USD', 60)""",
        model_id, client_id, monday + timedelta(hours=10))
    response = await client.get(f"/api/models/{model_id}/availability", params={
        "from": monday.isoformat(), "to": (monday + timedelta(days=1)).isoformat(), "tz": "Asia/Tokyo"})
    assert response.status_code == 200, response.text
    body = response.json()
    starts = [s["start"] for s in body["slots"]]
    # 09:00 would end where the 10:00 booking starts but its 60 min after-buffer needs a gap: only 12:00.
    assert starts == [(monday + timedelta(hours=12)).isoformat().replace("+00:00", "Z")]
    assert body["slots"][0]["start_local"].endswith("+09:00") and body["tz"] == "Asia/Tokyo"
    assert body["duration_minutes"] == 60 and body["price_cents"] == 100


async def test_hidden_model_is_404_for_visitors(client, make_model) -> None:
    model_id = await make_model(visibility="hidden")
    assert (await client.get(f"/api/models/{model_id}/availability")).status_code == 404


async def test_bad_zone_and_duration_are_422(client, make_model) -> None:
    model_id = await make_model(prices={30: 100})
    url = f"/api/models/{model_id}/availability"
    assert (await client.get(url, params={"tz": "Nowhere/X"})).status_code == 422
    assert (await client.get(f"/api/models/{model_id}/availability",
                             params={"duration": 45})).status_code == 422
