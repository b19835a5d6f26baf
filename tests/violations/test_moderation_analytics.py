"""Analytics on known rows: counts per category and action, reviewer agreement, review times."""

from __future__ import annotations

import pytest

ROWS = [  # categories, action, status, seconds to review
    (["HR"], "flag", "upheld", 60),
    (["HR", "H"], "block", "overturned", 120),
    (["S"], "block", "upheld", 300),
    (["S"], "flag", "pending", None),
]


async def test_analytics_figures(client, login, user_id, conn) -> None:
    headers = await login("MODERATOR")
    author = await user_id(await login("FREE"))
    for categories, action, status, seconds in ROWS:
        await conn.execute(
            """INSERT INTO stream_chat_violations (user_id, room, message, categories, action,
                      classifier_version, review_status, created_at, reviewed_at)
               VALUES ($1, 'live:1', 'x', $2, $3, 'test', $4, '2020-01-01T00:00:00Z',
                       '2020-01-01T00:00:00Z'::timestamptz + make_interval(secs => $5))""",
            author, categories, action, status, seconds)
    response = await client.get("/api/admin/moderation/analytics", headers=headers, params={
        "since": "2020-01-01T00:00:00Z", "until": "2020-01-02T00:00:00Z"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["total"], body["pending"], body["reviewed"], body["upheld"], body["overturned"]) == (
        4, 1, 3, 2, 1)
    assert body["precision"] == pytest.approx(2 / 3)
    counts = {(c["category"], c["action"]): c["count"] for c in body["by_category_action"]}
    assert counts == {("H", "block"): 1, ("HR", "block"): 1, ("HR", "flag"): 1, ("S", "block"): 1,
                      ("S", "flag"): 1}
    agreement = {a["category"]: (a["reviewed"], a["upheld"], a["precision"]) for a in body["agreement"]}
    assert agreement == {"H": (1, 0, 0.0), "HR": (2, 1, 0.5), "S": (1, 1, 1.0)}
    assert body["review_p50_s"] == pytest.approx(120)
    assert body["review_p90_s"] == pytest.approx(264)
