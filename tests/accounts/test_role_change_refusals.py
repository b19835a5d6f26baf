"""Role changes that would do harm are clear 4xx problems and change nothing."""

from __future__ import annotations

import pytest

from core.db import Connection


async def _role(conn: Connection, user_id: int) -> str:
    return await conn.fetchval("SELECT role FROM users WHERE id = $1", user_id)


async def test_the_last_admin_cannot_be_demoted(client, login, conn: Connection) -> None:
    headers = await login("ADMIN", telegram_id=760000001)
    me = await conn.fetchval("SELECT id FROM users WHERE telegram_id = 760000001")
    await conn.execute("UPDATE users SET role = 'FREE' WHERE role = 'ADMIN' AND id <> $1", me)
    response = await client.put(f"/api/admin/users/{me}/role", headers=headers,
                                json={"role": "FREE", "reason": "stepping down"})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/last-admin"
    assert await _role(conn, me) == "ADMIN"
    other = await conn.fetchval(
        "INSERT INTO users (telegram_id, role) VALUES (760000002, 'ADMIN') RETURNING id")
    stepped = await client.put(f"/api/admin/users/{me}/role", headers=headers,
                               json={"role": "FREE", "reason": "stepping down"})
    assert stepped.status_code == 200, stepped.text
    assert await _role(conn, other) == "ADMIN"


async def test_a_banned_account_gets_no_role(client, login, conn: Connection) -> None:
    target = await conn.fetchval(
        """INSERT INTO users (telegram_id, banned_until) VALUES (760000003, now() + interval '1 day')
           RETURNING id""")
    response = await client.put(f"/api/admin/users/{target}/role", headers=await login("ADMIN"),
                                json={"role": "PRIME", "reason": "comp"})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/banned-account"
    assert "lift the ban" in response.json()["detail"]
    assert await _role(conn, target) == "FREE"


async def test_model_needs_a_linked_profile(client, login, conn: Connection) -> None:
    admin = await login("ADMIN")
    target = await conn.fetchval("INSERT INTO users (telegram_id) VALUES (760000004) RETURNING id")
    response = await client.put(f"/api/admin/users/{target}/role", headers=admin,
                                json={"role": "MODEL", "reason": "new model"})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/model-profile-needed"
    await conn.execute("INSERT INTO pnp_models (user_id, display_name) VALUES ($1, 'Iris')", target)
    linked = await client.put(f"/api/admin/users/{target}/role", headers=admin,
                              json={"role": "MODEL", "reason": "back to work"})
    assert linked.status_code == 200, linked.text
    assert linked.json()["user"]["model_id"] is not None


@pytest.mark.parametrize("body", [
    {"role": "OWNER", "reason": "x"}, {"role": "PRIME"}, {"role": "PRIME", "reason": ""},
    {"role": "PRIME", "reason": "   "}, {"role": "PRIME", "reason": "x", "extra": 1},
])
async def test_bad_bodies_are_problems(client, login, conn: Connection, body: dict) -> None:
    target = await conn.fetchval("INSERT INTO users (telegram_id) VALUES (760000005) RETURNING id")
    response = await client.put(f"/api/admin/users/{target}/role", headers=await login("ADMIN"),
                                json=body)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _role(conn, target) == "FREE"
    assert await conn.fetchval("SELECT count(*) FROM role_changes WHERE user_id = $1", target) == 0


async def test_unknown_user_is_a_404_problem(client, login) -> None:
    headers = await login("ADMIN")
    for response in (
        await client.get("/api/admin/users/999999999", headers=headers),
        await client.put("/api/admin/users/999999999/role", headers=headers,
                         json={"role": "PRIME", "reason": "comp"}),
    ):
        assert response.status_code == 404
        assert response.json()["detail"] == "user not found"
