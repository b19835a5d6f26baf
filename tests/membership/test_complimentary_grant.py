"""An admin grants PRIME until a date: the account is PRIME at once (role change and audit row by
that admin), the period shows on GET /api/membership, and it ends like a paid one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.membership.jobs import expire
from tests.conftest import SharedConnection


async def test_complimentary_grant(conn, client, member, shift) -> None:
    admin = await member("ADMIN")
    me = await member("FREE")
    until = (datetime.now(UTC) + timedelta(days=14)).replace(microsecond=0)
    response = await client.put(f"/api/admin/users/{me.id}/membership", headers=admin.headers,
                                json={"until": until.isoformat(), "reason": "creator programme"})
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "PRIME"
    assert datetime.fromisoformat(response.json()["prime_until"]) == until
    [change] = await conn.fetch("SELECT changed_by, from_role, to_role, reason FROM role_changes"
                                " WHERE user_id = $1", me.id)
    assert (change["changed_by"], change["from_role"], change["to_role"]) == (admin.id, "FREE", "PRIME")
    assert "creator programme" in change["reason"]
    audit = await conn.fetchrow("SELECT actor_id, data FROM audit_log WHERE action = 'membership.granted'"
                                " AND entity_id = $1", me.id)
    assert audit["actor_id"] == admin.id and audit["data"]["reason"] == "creator programme"
    mine = (await client.get("/api/membership", headers=me.headers)).json()
    assert [p["plan"] for p in mine["periods"]] == [None]
    page = (await client.get(f"/api/admin/users/{me.id}", headers=admin.headers)).json()
    assert page["role_history"][0]["changed_by"]["id"] == admin.id

    await shift(me.id, 15)
    assert await expire(SharedConnection(conn)) == 1
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", me.id) == "FREE"


async def test_grant_is_refused_to_everyone_but_admins(conn, client, member) -> None:
    target = await member("FREE")
    until = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    for role in ("FREE", "PRIME", "MODEL", "MODERATOR"):
        who = await member(role)
        response = await client.put(f"/api/admin/users/{target.id}/membership", headers=who.headers,
                                    json={"until": until, "reason": "please"})
        assert response.status_code == 403, role
    anonymous = await client.put(f"/api/admin/users/{target.id}/membership",
                                 json={"until": until, "reason": "please"})
    assert anonymous.status_code == 401
    assert await conn.fetchval("SELECT count(*) FROM memberships WHERE user_id = $1", target.id) == 0
