"""Bookable slots are cached in Redis, and no write is ever hidden behind a cached answer."""

from __future__ import annotations

from datetime import timedelta

from core.metrics import CACHE


def count(outcome: str) -> float:
    return CACHE.labels("availability", outcome)._value.get()


async def test_each_write_kind_shows_on_the_very_next_read(client, conn, bearer, login, make_user,
                                                           make_model, slot) -> None:
    model_id, client_id, admin = await make_model(prices={60: 100}), await make_user(), await login("ADMIN")
    start = slot(hours=3)
    url = f"/api/models/{model_id}/availability"
    params = {"from": start.isoformat(), "to": (start + timedelta(hours=3)).isoformat(), "duration": 60}
    rules = f"/api/admin/models/{model_id}/availability"

    async def starts() -> list[str]:
        response = await client.get(url, params=params)
        assert response.status_code == 200, response.text
        return [s["start"] for s in response.json()["slots"]]

    first = await starts()
    hits = count("hit")
    assert await starts() == first and count("hit") == hits + 1
    iso = start.isoformat().replace("+00:00", "Z")
    assert iso in first

    confirmed = await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, 'confirmed', $3::timestamptz, $3::timestamptz + interval '1 hour', 60, 100, 'USD')
           RETURNING id""", model_id, client_id, start)
    assert iso not in await starts()  # a booking without an expiry changes only the version
    await conn.execute("UPDATE pnp_bookings SET status = 'cancelled' WHERE id = $1", confirmed)
    assert iso in await starts()

    held = await client.post("/api/bookings", headers={**bearer(client_id), "Idempotency-Key": "c1"},
                             json={"model_id": model_id, "start": start.isoformat(), "duration_minutes": 60})
    assert held.status_code == 201, held.text
    assert iso not in await starts()  # a hold hides its slot from the very next read
    cancelled = await client.post(f"/api/bookings/{held.json()['id']}/cancel", headers=bearer(client_id),
                                  json={})
    assert cancelled.status_code == 200, cancelled.text
    assert iso in await starts()  # and a cancel brings it back

    again = await client.post("/api/bookings", headers={**bearer(client_id), "Idempotency-Key": "c2"},
                              json={"model_id": model_id, "start": start.isoformat(), "duration_minutes": 60})
    assert iso not in await starts()
    await conn.execute("UPDATE pnp_bookings SET status = 'expired' WHERE id = $1", again.json()["id"])
    assert iso in await starts()  # an expiry written by the sweeper

    blocked = await client.post(f"{rules}/blocked", headers=admin, json={
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()})
    assert blocked.status_code == 201, blocked.text
    assert iso not in await starts()
    block_id = blocked.json()["blocked"][0]["id"]
    assert (await client.delete(f"{rules}/blocked/{block_id}", headers=admin)).status_code == 204
    assert iso in await starts()

    settings = await client.put(f"{rules}/settings", headers=admin, json={"slot_interval_min": 45})
    assert settings.status_code == 200, settings.text
    assert await starts() != first

    price = await client.put(f"/api/admin/models/{model_id}", headers=admin,
                             json={"prices": [{"duration_minutes": 60, "price_cents": 4321}]})
    assert price.status_code == 200, price.text
    body = (await client.get(url, params=params)).json()
    assert body["price_cents"] == 4321

    minute = start.hour * 60
    override = await client.post(f"{rules}/overrides", headers=admin, json={
        "date": start.date().isoformat(), "start_minute": minute, "end_minute": minute + 60})
    assert override.status_code == 201, override.text
    assert await starts() == [iso]
    override_id = override.json()["overrides"][0]["id"]
    assert (await client.delete(f"{rules}/overrides/{override_id}", headers=admin)).status_code == 204
    assert len(await starts()) > 1

    await conn.execute("DELETE FROM pnp_model_schedules WHERE model_id = $1", model_id)
    assert await starts() == []
    one_off = await client.post(f"{rules}/slots", headers=admin, json={
        "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()})
    assert one_off.status_code == 201, one_off.text
    assert await starts() == [iso]
    assert count("miss") > 0
