"""Demo chat violations, so the moderator's feed and the moderation chart have something to show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.db import Connection

DEMO_VIOLATIONS = [  # minutes ago, message, categories, action, review (status, note)
    (12, "I am going to kill you and your family", ["V"], "block", None),
    (40, "shut up you stupid bitch", ["HR"], "block", None),
    (95, "nobody would miss you if you were gone", ["HR"], "flag", None),
    (300, "you people are animals and should go back", ["H"], "block", ("upheld", "clear hate")),
    (600, "that show killed me, best night ever", ["V"], "flag", ("overturned", "a figure of speech")),
]


async def seed_violations(conn: Connection, *, author_id: int, reviewer_id: int, model_id: int) -> None:
    now = datetime.now(UTC)
    for minutes, message, categories, action, review in DEMO_VIOLATIONS:
        created = now - timedelta(minutes=minutes)
        status, note = review or ("pending", None)
        await conn.execute(
            """INSERT INTO stream_chat_violations (user_id, room, message, categories, scores, action,
                   classifier_version, review_status, reviewed_by, reviewed_at, review_note, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, 'demo-seed', $7, $8, $9, $10, $11)""",
            author_id, f"live:{model_id}", message, categories,
            {category: 0.93 if action == "block" else 0.61 for category in categories}, action,
            status, reviewer_id if review else None, created + timedelta(minutes=5) if review else None,
            note, created)
