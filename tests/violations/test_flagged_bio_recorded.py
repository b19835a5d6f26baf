"""A flagged bio is accepted and queued for review as a violation of room profile:{model_id}."""

from __future__ import annotations


async def test_flagged_bio_accepted_and_queued(client, login, conn, user_id, moderation_feed) -> None:
    headers = await login("MODEL")
    bio = "you are kind of an idiot honestly"
    async with moderation_feed() as feed:
        response = await client.put("/api/model/me", headers=headers, json={"bio": bio})
        assert response.status_code == 200, response.text
        frame = await feed.next("violation")
    model_id = response.json()["id"]
    row = await conn.fetchrow("SELECT * FROM stream_chat_violations WHERE id = $1", frame["id"])
    assert row["room"] == f"profile:{model_id}"
    assert row["user_id"] == await user_id(headers)
    assert (row["message"], row["action"], row["review_status"]) == (bio, "flag", "pending")
    assert "HR" in row["categories"]
