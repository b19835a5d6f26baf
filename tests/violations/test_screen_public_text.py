"""screen_public_text, as the review write calls it: flag → queued under review:{booking_id},
block → 422 naming the field, no classifier → 503 (public text is never published unchecked)."""

from __future__ import annotations

import pytest

from app.errors import Problem
from app.violations.service import screen_public_text
from moderation.service import ModerationService


async def test_flagged_review_text_is_queued(app, base_url, login, user_id, conn) -> None:
    author = await user_id(await login("PRIME"))
    await screen_public_text(app.state.moderation, conn, app.state.events, user_id=author,
                             field="body", text="that guy is a moron", where="review:42")
    row = await conn.fetchrow("SELECT room, action, user_id FROM stream_chat_violations "
                              "WHERE message = 'that guy is a moron'")
    assert dict(row) == {"room": "review:42", "action": "flag", "user_id": author}


async def test_blocked_review_text_is_refused(app, base_url, login, user_id, conn) -> None:
    author = await user_id(await login("PRIME"))
    with pytest.raises(Problem) as refused:
        await screen_public_text(app.state.moderation, conn, app.state.events, user_id=author,
                                 field="body", text="send me nudes", where="review:43")
    assert refused.value.status_code == 422
    assert refused.value.extra == {"errors": [{"field": "body", "message": "breaks the content rules (S)"}],
                                   "field": "body", "categories": ["S"]}


async def test_unavailable_classifier_refuses_with_503(app, conn) -> None:
    stopped = ModerationService(lambda texts: [{} for _ in texts])
    with pytest.raises(Problem) as refused:
        await screen_public_text(stopped, conn, app.state.events, user_id=1, field="bio",
                                 text="hello there", where="profile:1")
    assert refused.value.status_code == 503
