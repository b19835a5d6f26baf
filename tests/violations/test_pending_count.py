"""`GET /api/admin/moderation/pending` counts what waits for review, and drops after a review."""

from __future__ import annotations


async def test_pending_count_drops_after_review(client, login, user_id, conn) -> None:
    headers = await login("MODERATOR")
    author = await user_id(await login("PRIME"))

    async def pending() -> int:
        response = await client.get("/api/admin/moderation/pending", headers=headers)
        assert response.status_code == 200, response.text
        return int(response.json()["pending"])

    before = await pending()
    ids = [await conn.fetchval(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, action,
                  classifier_version) VALUES ($1, 'live:1', 'm', '{H}', 'flag', 'test')
           RETURNING id""", author) for _ in range(3)]
    assert await pending() == before + 3
    decided = await client.post("/api/admin/moderation", headers=headers,
                                json={"violation_id": ids[0], "decision": "uphold"})
    assert decided.status_code == 200, decided.text
    assert await pending() == before + 2
