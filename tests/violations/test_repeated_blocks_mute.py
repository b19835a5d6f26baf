"""The third block within the window mutes the author: users.muted_until, the tracker, and the
row of the block that did it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.violations.runtime import record_violation
from core.db import transaction


async def test_third_block_mutes(app, login, user_id, conn, base_url) -> None:
    author = await user_id(await login("FREE"))
    moderation, mutes = app.state.moderation, app.state.mutes
    text = "I want to hurt someone"
    verdict = await moderation.check(text)
    assert verdict.action == "block"
    ids = []
    for _ in range(3):
        async with transaction(app.state.db) as tx:
            ids.append(await record_violation(
                tx, app.state.events, user_id=author, room="live:1", message=text, verdict=verdict,
                classifier_version=moderation.version, mutes=mutes))
        muted = await conn.fetchval("SELECT muted_until FROM users WHERE id = $1", author)
        assert (muted is not None) == (len(ids) == 3)
    rows = await conn.fetch("SELECT id, muted_until FROM stream_chat_violations WHERE id = ANY($1) "
                            "ORDER BY id", ids)
    assert [r["muted_until"] is not None for r in rows] == [False, False, True]
    expected = datetime.now(UTC) + timedelta(minutes=15)
    assert abs((muted - expected).total_seconds()) < 60
    assert rows[2]["muted_until"] == muted
    assert await mutes.muted_until(author) is not None
    await mutes.unmute(author)
