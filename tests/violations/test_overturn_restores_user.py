"""Overturning the block that muted a user lifts the mute and tells the user; the feed sees it."""

from __future__ import annotations

from app.violations.runtime import record_violation
from core.db import transaction


async def test_overturn_unmutes_and_notifies(app, client, login, user_id, conn,
                                             moderation_feed) -> None:
    author = await user_id(await login("FREE"))
    moderator_headers = await login("MODERATOR")
    moderator = await user_id(moderator_headers)
    moderation, mutes = app.state.moderation, app.state.mutes
    verdict = await moderation.check("I want to hurt someone")
    ids = []
    for _ in range(3):
        async with transaction(app.state.db) as tx:
            ids.append(await record_violation(
                tx, app.state.events, user_id=author, room="live:2", message="I want to hurt someone",
                verdict=verdict, classifier_version=moderation.version, mutes=mutes))
    assert await mutes.muted_until(author) is not None

    async with moderation_feed() as feed:
        response = await client.post("/api/admin/moderation", headers=moderator_headers, json={
            "violation_id": ids[2], "decision": "overturn", "note": "quoting a film"})
        assert response.status_code == 200, response.text
        frame = await feed.next("violation_reviewed")
    body = response.json()
    assert body["user_restored"] is True
    assert body["violation"]["review_status"] == "overturned"
    assert body["violation"]["reviewed_by"] == moderator
    assert frame["id"] == ids[2] and frame["user_restored"] is True
    assert await conn.fetchval("SELECT muted_until FROM users WHERE id = $1", author) is None
    assert await mutes.muted_until(author) is None
    notice = await conn.fetchrow("SELECT kind, payload FROM notifications WHERE user_id = $1", author)
    assert notice["kind"] == "moderation.overturned"
    assert notice["payload"] == {"violation_id": ids[2], "room": "live:2", "unmuted": True}
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'moderation.overturned' AND entity_id = $1",
        ids[2]) == 1

    again = await client.post("/api/admin/moderation", headers=moderator_headers,
                              json={"violation_id": ids[2], "decision": "uphold"})
    assert again.status_code == 409


async def test_uphold_keeps_the_mute(app, client, login, user_id, conn) -> None:
    author = await user_id(await login("FREE"))
    headers = await login("ADMIN")
    verdict = await app.state.moderation.check("I want to hurt someone")
    async with transaction(app.state.db) as tx:
        violation_id = await record_violation(
            tx, app.state.events, user_id=author, room="live:3", message="I want to hurt someone",
            verdict=verdict, classifier_version="test")
    await conn.execute("UPDATE users SET muted_until = now() + interval '1 hour' WHERE id = $1", author)
    response = await client.post("/api/admin/moderation", headers=headers,
                                 json={"violation_id": violation_id, "decision": "uphold"})
    assert response.status_code == 200, response.text
    assert response.json()["user_restored"] is False
    assert await conn.fetchval("SELECT muted_until IS NOT NULL FROM users WHERE id = $1", author)
    missing = await client.post("/api/admin/moderation", headers=headers,
                                json={"violation_id": 10**12, "decision": "uphold"})
    assert missing.status_code == 404
