"""A benign bio is saved and leaves no violation behind."""

from __future__ import annotations


async def test_benign_bio_saved_without_violation(client, login, conn) -> None:
    headers = await login("MODEL")
    bio = "I love hiking, painting and long talks about books. Come say hi!"
    response = await client.put("/api/model/me", headers=headers,
                                json={"bio": bio, "display_name": "Luna"})
    assert response.status_code == 200, response.text
    assert response.json()["bio"] == bio
    assert await conn.fetchval("SELECT count(*) FROM stream_chat_violations WHERE message = $1",
                               bio) == 0
