"""Self-service and admin availability rules; overlaps are refused by name."""

from __future__ import annotations


async def _own_model(conn, login) -> tuple[dict[str, str], int]:
    headers = await login("MODEL")
    me = await conn.fetchval("SELECT max(id) FROM pnp_models")
    return headers, me


async def test_model_edits_its_week_and_overlap_is_named(client, conn, login) -> None:
    headers, model_id = await _own_model(conn, login)
    base = "/api/model/me/availability"
    first = await client.post(f"{base}/weekly", headers=headers,
                              json={"weekday": 1, "start_minute": 540, "end_minute": 720})
    assert first.status_code == 201, first.text
    rule_id = first.json()["weekly"][0]["id"]
    clash = await client.post(f"{base}/weekly", headers=headers,
                              json={"weekday": 1, "start_minute": 660, "end_minute": 780})
    assert clash.status_code == 409
    assert clash.json()["detail"] == f"overlaps the weekly range #{rule_id} (Mon 09:00–12:00)"
    other_day = await client.post(f"{base}/weekly", headers=headers,
                                  json={"weekday": 2, "start_minute": 660, "end_minute": 780})
    assert other_day.status_code == 201
    moved = await client.put(f"{base}/weekly/{rule_id}", headers=headers,
                             json={"weekday": 1, "start_minute": 600, "end_minute": 700})
    assert moved.status_code == 200
    assert {(r["weekday"], r["start_minute"]) for r in moved.json()["weekly"]} == {(1, 600), (2, 660)}
    gone = await client.delete(f"{base}/weekly/{rule_id}", headers=headers)
    assert gone.status_code == 204
    assert len((await client.get(base, headers=headers)).json()["weekly"]) == 1
    assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE entity = 'model' AND entity_id = $1 "
                               "AND action LIKE 'availability.%'", model_id) == 4


async def test_override_slot_blocked_and_settings(client, conn, login) -> None:
    headers, _ = await _own_model(conn, login)
    base = "/api/model/me/availability"
    settings = await client.put(f"{base}/settings", headers=headers,
                                json={"timezone": "Europe/Madrid", "buffer_after_min": 15,
                                      "slot_interval_min": 20, "max_bookings_per_day": 3})
    assert settings.status_code == 200, settings.text
    assert settings.json()["settings"]["timezone"] == "Europe/Madrid"
    override = await client.post(f"{base}/overrides", headers=headers,
                                 json={"date": "2027-07-01", "start_minute": 600, "end_minute": 720})
    assert override.status_code == 201
    assert override.json()["overrides"][0]["starts_at"].startswith("2027-07-01T08:00:00")  # 10:00 CEST
    clash = await client.post(f"{base}/slots", headers=headers,
                              json={"starts_at": "2027-07-01T09:00:00Z", "ends_at": "2027-07-01T12:00:00Z"})
    assert clash.status_code == 409 and "override of 2027-07-01" in clash.json()["detail"]
    blocked = await client.post(f"{base}/blocked", headers=headers,
                                json={"starts_at": "2027-08-01T00:00:00Z", "ends_at": "2027-08-10T00:00:00Z",
                                      "reason": "holiday"})
    assert blocked.status_code == 201
    again = await client.post(f"{base}/blocked", headers=headers,
                              json={"starts_at": "2027-08-05T00:00:00Z", "ends_at": "2027-08-12T00:00:00Z"})
    assert again.status_code == 409 and "blocked range" in again.json()["detail"]
    bad_zone = await client.put(f"{base}/settings", headers=headers, json={"timezone": "Mars/Olympus"})
    assert bad_zone.status_code == 422


async def test_admin_edits_any_model(client, conn, login, make_model) -> None:
    admin = await login("ADMIN")
    model_id = await make_model(weekly=[])
    response = await client.post(f"/api/admin/models/{model_id}/availability/weekly", headers=admin,
                                 json={"weekday": 7, "start_minute": 0, "end_minute": 1440})
    assert response.status_code == 201
    assert response.json()["model_id"] == model_id
    assert (await client.get(f"/api/admin/models/{model_id}/availability", headers=admin)).json()["weekly"]
