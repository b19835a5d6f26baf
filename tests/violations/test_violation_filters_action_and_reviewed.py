"""The console's filters: by what the classifier did (`action`) and `status=reviewed` (upheld or
overturned), with the others they combine with."""

from __future__ import annotations


async def test_action_and_reviewed_filters(client, login, user_id, conn) -> None:
    headers = await login("MODERATOR")
    author = await user_id(await login("FREE"))
    rows = [("flag", "pending", "live:1"), ("block", "upheld", "live:1"),
            ("block", "pending", "live:2"), ("flag", "overturned", "live:2")]
    ids = [await conn.fetchval(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, action,
                  classifier_version, review_status, created_at, reviewed_at)
           VALUES ($1, $2, 'm', '{HR}', $3, 'test', $4, make_timestamptz(2021, 1, $5, 0, 0, 0, 'UTC'),
                   CASE WHEN $4 = 'pending' THEN NULL ELSE now() END) RETURNING id""",
        author, room, action, status, day) for day, (action, status, room) in enumerate(rows, 1)]

    async def listed(**params: object) -> list[int]:
        response = await client.get("/api/admin/moderation/violations", headers=headers,
                                    params={"user_id": author, **params})
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await listed(action="block") == [ids[2], ids[1]]
    assert await listed(status="reviewed") == [ids[3], ids[1]]
    assert await listed(status="reviewed", action="flag") == [ids[3]]
    assert await listed(status="pending", room="live:2") == [ids[2]]
    bad = await client.get("/api/admin/moderation/violations", headers=headers,
                           params={"action": "shout"})
    assert bad.status_code == 422 and "action" in bad.json()["detail"], bad.text
