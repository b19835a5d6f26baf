"""The review queue: newest first, filtered by status, category, user, room and date, paged."""

from __future__ import annotations


async def test_filters_and_paging(client, login, user_id, conn) -> None:
    headers = await login("ADMIN")
    alice, bob = await user_id(await login("FREE")), await user_id(await login("PRIME"))
    rows = [  # user, room, categories, action, status, day of January 2021
        (alice, "live:1", ["HR"], "flag", "pending", 1),
        (alice, "live:2", ["S"], "block", "upheld", 2),
        (bob, "live:1", ["HR", "H"], "block", "pending", 3),
        (bob, "profile:9", ["V"], "flag", "overturned", 4),
    ]
    ids = []
    for user, room, categories, action, status, day in rows:
        ids.append(await conn.fetchval(
            """INSERT INTO stream_chat_violations (user_id, room, message, categories, action,
                      classifier_version, review_status, created_at, reviewed_at)
               VALUES ($1, $2, 'm', $3, $4, 'test', $5, make_timestamptz(2021, 1, $6, 0, 0, 0, 'UTC'),
                       CASE WHEN $5 = 'pending' THEN NULL ELSE now() END) RETURNING id""",
            user, room, categories, action, status, day))
    window = {"since": "2021-01-01T00:00:00Z", "until": "2021-02-01T00:00:00Z"}

    async def listed(**params: object) -> list[int]:
        response = await client.get("/api/admin/moderation/violations", headers=headers,
                                    params={**window, **params})
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await listed() == ids[::-1]
    assert await listed(status="pending") == [ids[2], ids[0]]
    assert await listed(category="HR") == [ids[2], ids[0]]
    assert await listed(user_id=bob) == [ids[3], ids[2]]
    assert await listed(room="live:1", status="pending", category="H") == [ids[2]]
    assert await listed(since="2021-01-02T00:00:00Z", until="2021-01-04T00:00:00Z") == [ids[2], ids[1]]
    assert await listed(limit=2, offset=1) == [ids[2], ids[1]]
    page = (await client.get("/api/admin/moderation/violations", headers=headers,
                             params={**window, "limit": 1})).json()
    assert (page["total"], page["limit"], page["items"][0]["id"]) == (4, 1, ids[3])
    bad = await client.get("/api/admin/moderation/violations", headers=headers,
                           params={"category": "XX"})
    assert bad.status_code == 422 and "category" in bad.json()["detail"], bad.text
