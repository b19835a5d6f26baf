"""The admin's user management: search, a user's page, and role changes with their history."""

from __future__ import annotations

from core.db import Connection


async def _user(conn: Connection, telegram_id: int, first: str, username: str | None = None,
                role: str = "FREE") -> int:
    return await conn.fetchval(
        """INSERT INTO users (telegram_id, first_name, username, role) VALUES ($1, $2, $3, $4)
           RETURNING id""", telegram_id, first, username, role)


async def test_search_by_name_username_or_telegram_id(client, login, conn: Connection) -> None:
    admin = await login("ADMIN")
    ana = await _user(conn, 750000001, "Anastasia Quillfeather", "quill_ana")
    quillon = await _user(conn, 750000002, "Quillon", None, "PRIME")

    async def ids(**params) -> list[int]:
        response = await client.get("/api/admin/users", headers=admin, params=params)
        assert response.status_code == 200, response.text
        return [u["id"] for u in response.json()["items"]]

    assert await ids(q="anastasia quill") == [ana]
    assert await ids(q="@QUILL_") == [ana]
    assert await ids(q="750000001") == [ana]
    assert len(await ids(q="quill")) == 2
    assert await ids(q="quill", role="PRIME") == [quillon]
    page = (await client.get("/api/admin/users", headers=admin,
                             params={"q": "quill", "limit": 1, "offset": 1})).json()
    assert page["total"] == 2 and page["limit"] == 1 and page["offset"] == 1 and len(page["items"]) == 1
    assert await ids(q="100%_") == [] and await ids(q="²") == []


async def test_unknown_role_filter_is_a_problem(client, login) -> None:
    response = await client.get("/api/admin/users", headers=await login("ADMIN"),
                                params={"role": "OWNER"})
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_role_change_is_recorded_with_the_admins_name(client, login, conn: Connection) -> None:
    admin = await login("ADMIN", telegram_id=750000010, username="boss_olga")
    target = await _user(conn, 750000011, "Pablo")
    response = await client.put(f"/api/admin/users/{target}/role", headers=admin,
                                json={"role": "MODERATOR", "reason": "runs the night shift"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["role"] == "MODERATOR"
    [change] = body["role_history"]
    assert (change["from_role"], change["to_role"], change["reason"]) == \
        ("FREE", "MODERATOR", "runs the night shift")
    assert change["changed_by"]["username"] == "boss_olga"
    again = await client.get(f"/api/admin/users/{target}", headers=admin)
    assert again.json()["role_history"] == body["role_history"]


async def test_user_page_shows_bookings_payments_and_sanctions(client, login, conn: Connection) -> None:
    admin = await login("ADMIN")
    moderator = await login("MODERATOR", username="mod_mia")
    client_id = await _user(conn, 750000020, "Carla")
    model_id = await conn.fetchval(
        "INSERT INTO pnp_models (display_name) VALUES ('Selene') RETURNING id")
    booking = await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at,
                                     duration_minutes, price_cents, currency)
           VALUES ($1, $2, 'confirmed', '2030-01-01 10:00Z', '2030-01-01 10:30Z', 30, 5000, 'USD')
           RETURNING id""", model_id, client_id)
    await conn.execute(
        """INSERT INTO payments (booking_id, user_id, provider, provider_ref, status, amount_cents,
                                 currency) VALUES ($1, $2, 'sandbox', 'ref-750000020', 'succeeded',
                                 5000, 'USD')""", booking, client_id)
    muted = await client.post(f"/api/admin/moderation/users/{client_id}/mute", headers=moderator,
                              json={"minutes": 30, "reason": "spam in chat"})
    assert muted.status_code == 200, muted.text
    body = (await client.get(f"/api/admin/users/{client_id}", headers=admin)).json()
    assert [(b["id"], b["model_name"]) for b in body["bookings"]] == [(booking, "Selene")]
    assert [(p["amount_cents"], p["status"]) for p in body["payments"]] == [(5000, "succeeded")]
    [sanction] = body["sanctions"]
    assert sanction["action"] == "muted" and sanction["reason"] == "spam in chat"
    assert sanction["by"]["username"] == "mod_mia" and sanction["until"]
