"""Staff mute, ban, unmute and unban users; each is audited and on the feed; ADMINs are exempt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


@pytest.mark.parametrize("staff_role", ["MODERATOR", "ADMIN"])
async def test_mute_unmute_ban_unban(client, login, user_id, conn, moderation_feed,
                                     staff_role) -> None:
    headers = await login(staff_role)
    target = await user_id(await login("PRIME"))
    base = f"/api/admin/moderation/users/{target}"
    async with moderation_feed() as feed:
        muted = await client.post(f"{base}/mute", headers=headers, json={"minutes": 30, "reason": "spam"})
        assert muted.status_code == 200, muted.text
        frame = await feed.next("sanction")
    assert frame["action"] == "mute" and frame["user_id"] == target
    until = datetime.fromisoformat(muted.json()["until"])
    assert abs((until - datetime.now(UTC) - timedelta(minutes=30)).total_seconds()) < 60
    assert await conn.fetchval("SELECT muted_until FROM users WHERE id = $1", target) == until

    banned = await client.post(f"{base}/ban", headers=headers, json={"days": None, "reason": "threats"})
    assert banned.status_code == 200, banned.text
    assert await conn.fetchval("SELECT banned_until = 'infinity' FROM users WHERE id = $1", target)
    dated = await client.post(f"{base}/ban", headers=headers, json={"days": 7, "reason": "threats"})
    assert datetime.fromisoformat(dated.json()["until"]) > datetime.now(UTC) + timedelta(days=6)

    for action in ("unmute", "unban"):
        response = await client.post(f"{base}/{action}", headers=headers)
        assert response.status_code == 200, response.text
        assert response.json() == {"user_id": target, "action": action, "until": None}
    row = await conn.fetchrow("SELECT muted_until, banned_until FROM users WHERE id = $1", target)
    assert (row["muted_until"], row["banned_until"]) == (None, None)
    actions = await conn.fetch("SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = $1 "
                               "ORDER BY id", target)
    assert [a["action"] for a in actions] == [
        "user.muted", "user.banned", "user.banned", "user.unmuted", "user.unbanned"]


async def test_admins_cannot_be_sanctioned(client, login, user_id) -> None:
    admin = await user_id(await login("ADMIN"))
    for role in ("MODERATOR", "ADMIN"):
        response = await client.post(f"/api/admin/moderation/users/{admin}/ban",
                                     headers=await login(role), json={"days": 1, "reason": "no"})
        assert response.status_code == 403, response.text


async def test_ban_needs_days_and_reason(client, login, user_id) -> None:
    target = await user_id(await login("FREE"))
    response = await client.post(f"/api/admin/moderation/users/{target}/ban",
                                 headers=await login("MODERATOR"), json={"reason": "x"})
    assert response.status_code == 422, response.text
    assert "days" in response.json()["detail"]
