"""Each way a role changes leaves one role_changes row: the grant command, PNP_ADMIN_TELEGRAM_IDS
at sign-in and an admin linking a model profile to an account. No change, no row."""

from __future__ import annotations

from app.accounts.service import grant
from core.db import Connection
from tests.auth.test_telegram_login_route import init_data


async def _history(conn: Connection, telegram_id: int) -> list[tuple]:
    rows = await conn.fetch(
        """SELECT c.from_role, c.to_role, c.changed_by, c.reason FROM role_changes c
             JOIN users u ON u.id = c.user_id WHERE u.telegram_id = $1 ORDER BY c.id""", telegram_id)
    return [tuple(r) for r in rows]


async def test_grant_records_one_row_per_change(conn: Connection) -> None:
    await grant(conn, telegram_id=740000001, role="ADMIN", reason="first admin")
    await grant(conn, telegram_id=740000001, role="ADMIN", reason="again")
    assert await _history(conn, 740000001) == [("FREE", "ADMIN", None, "first admin")]


async def test_sign_in_from_the_admin_list_records_the_promotion(client_with, conn: Connection) -> None:
    async with client_with(admin_telegram_ids=frozenset({740000002})) as client:
        for _ in range(2):
            response = await client.post("/api/auth/telegram", json={
                "init_data": init_data({"id": 740000002, "first_name": "Nadia"})})
            assert response.status_code == 200, response.text
    assert await _history(conn, 740000002) == [
        ("FREE", "ADMIN", None, "listed in PNP_ADMIN_TELEGRAM_IDS")]


async def test_linking_a_model_records_the_admin(client, login, conn: Connection) -> None:
    admin = await login("ADMIN", telegram_id=740000009)
    admin_id = await conn.fetchval("SELECT id FROM users WHERE telegram_id = 740000009")
    user_id = await conn.fetchval(
        "INSERT INTO users (telegram_id, role) VALUES (740000003, 'PRIME') RETURNING id")
    response = await client.post("/api/admin/models", headers=admin,
                                 json={"display_name": "Aurora", "user_id": user_id})
    assert response.status_code in (200, 201), response.text
    model_id = response.json()["id"]
    relinked = await client.put(f"/api/admin/models/{model_id}", headers=admin,
                                json={"user_id": user_id})
    assert relinked.status_code == 200, relinked.text
    assert await _history(conn, 740000003) == [
        ("PRIME", "MODEL", admin_id, "linked to the model Aurora")]
