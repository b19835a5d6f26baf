"""record_violation stores the row and, once committed, puts a `violation` frame on `moderation`."""

from __future__ import annotations

from app.violations.runtime import record_violation
from core.db import transaction


async def test_row_and_violation_frame(app, login, user_id, conn, moderation_feed) -> None:
    author = await user_id(await login("FREE"))
    moderation = app.state.moderation
    text = "lol what a loser"
    verdict = await moderation.check(text)
    assert verdict.action == "flag"
    async with moderation_feed() as feed:
        async with transaction(app.state.db) as tx:
            violation_id = await record_violation(
                tx, app.state.events, user_id=author, room="live:7", message=text, verdict=verdict,
                classifier_version=moderation.version, mutes=app.state.mutes)
        frame = await feed.next("violation")
    assert frame["id"] == violation_id
    assert (frame["user_id"], frame["room"], frame["message"], frame["action"]) == (
        author, "live:7", text, "flag")
    assert frame["categories"] == verdict.categories and frame["scores"]["HR"] > 0.4
    row = await conn.fetchrow("SELECT * FROM stream_chat_violations WHERE id = $1", violation_id)
    assert (row["user_id"], row["room"], row["message"], row["action"]) == (author, "live:7", text, "flag")
    assert row["classifier_version"] == moderation.version and row["muted_until"] is None
