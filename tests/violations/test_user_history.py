"""A violation's author history: their earlier violations (before the one being judged, newest
first, with a total) and the sanctions staff gave them, named."""

from __future__ import annotations


async def test_history_has_earlier_violations_and_sanctions(client, login, user_id, conn) -> None:
    headers = await login("MODERATOR", username="mod_max")
    author = await user_id(await login("FREE", username="rowdy_rob"))
    ids = [await conn.fetchval(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, action,
                  classifier_version, created_at)
           VALUES ($1, 'live:1', $2, '{HR}', 'flag', 'test',
                   make_timestamptz(2021, 1, $3, 0, 0, 0, 'UTC')) RETURNING id""",
        author, f"insult {day}", day) for day in (1, 2, 3)]
    muted = await client.post(f"/api/admin/moderation/users/{author}/mute", headers=headers,
                              json={"minutes": 30, "reason": "spam"})
    assert muted.status_code == 200, muted.text

    response = await client.get(f"/api/admin/moderation/users/{author}/history", headers=headers,
                                params={"before_id": ids[2]})
    assert response.status_code == 200, response.text
    history = response.json()
    assert history["user"]["id"] == author and history["user"]["name"] == "rowdy_rob"
    assert history["user"]["muted_until"] is not None
    assert [v["message"] for v in history["violations"]] == ["insult 2", "insult 1"]
    assert history["violations_total"] == 2
    [sanction] = history["sanctions"]
    assert (sanction["action"], sanction["reason"], sanction["actor_name"]) == (
        "muted", "spam", "mod_max")
    everything = (await client.get(f"/api/admin/moderation/users/{author}/history",
                                   headers=headers)).json()
    assert everything["violations_total"] == 3


async def test_history_of_unknown_user_is_404(client, login) -> None:
    response = await client.get("/api/admin/moderation/users/987654321/history",
                                headers=await login("ADMIN"))
    assert response.status_code == 404, response.text
