"""A listed violation carries what the console shows: the author's and the reviewer's names, the
live room's model, and the chat said before it."""

from __future__ import annotations

import json


async def test_listed_violation_has_names_and_context(client, login, user_id, conn) -> None:
    model = (await client.get("/api/me", headers=await login("MODEL"))).json()
    await conn.execute("UPDATE pnp_models SET display_name = 'Paula Live' WHERE id = $1",
                       model["model_id"])
    room = f"live:{model['model_id']}"
    headers = await login("MODERATOR", username="mod_meg")
    author = await user_id(await login("PRIME", username="loud_lou"))
    context = [{"author": "fay", "text": "hi all", "sent_at": "2026-01-01T10:00:00Z"}]
    violation = await conn.fetchval(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, scores, action,
                  classifier_version, context)
           VALUES ($1, $2, 'rude', '{HR}', '{"HR": 0.91, "H": 0.2}', 'flag', 'test', $3)
           RETURNING id""", author, room, json.loads(json.dumps(context)))
    decided = await client.post("/api/admin/moderation", headers=headers,
                                json={"violation_id": violation, "decision": "overturn"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["violation"]["reviewer_name"] == "mod_meg"

    listed = (await client.get("/api/admin/moderation/violations", headers=headers,
                               params={"user_id": author})).json()
    [item] = listed["items"]
    assert (item["user_name"], item["room_name"], item["reviewer_name"]) == (
        "loud_lou", "Paula Live", "mod_meg")
    assert item["scores"] == {"HR": 0.91, "H": 0.2}
    assert [(line["author"], line["text"]) for line in item["context"]] == [("fay", "hi all")]
