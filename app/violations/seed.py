"""Demo chat violations, so the moderator's feed and the moderation chart have something to show:
each with the classifier's scores for every category and the chat said before it, and one user's
report of a message the classifier let through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.db import Connection

# minutes ago, message, categories, action, review (status, note), the chat said before it
DEMO_VIOLATIONS = [
    (12, "I am going to kill you and your family", ["V"], "block", None,
     [("Paula", "that outfit is amazing"), ("Luna Rivera", "thank you! next song?"),
      ("Felix", "play something I like or else")]),
    (40, "shut up you stupid bitch", ["HR"], "block", None,
     [("Paula", "can you say hi to my friend?"), ("Luna Rivera", "hi Paula's friend!")]),
    (95, "nobody would miss you if you were gone", ["HR"], "flag", None,
     [("Luna Rivera", "I might end early tonight"), ("Paula", "rest well, see you tomorrow")]),
    (300, "you people are animals and should go back", ["H"], "block", ("upheld", "clear hate"),
     [("Luna Rivera", "hola a todos from Madrid")]),
    (600, "that show killed me, best night ever", ["V"], "flag", ("overturned", "a figure of speech"),
     []),
]
REPORT = (6, "I know where you stream from, see you soon", "HR",
          [("Luna Rivera", "ok last song of the night"), ("Paula", "noooo one more!"),
           ("Felix", "where are you tonight?"), ("Luna Rivera", "at home, as always")])
QUIET = {"S": 0.01, "H": 0.03, "V": 0.04, "HR": 0.06, "SH": 0.01, "S3": 0.0, "H2": 0.01, "V2": 0.02}


def _scores(categories: list[str], top: float) -> dict[str, float]:
    return {**QUIET, **{category: top for category in categories}}


def _context(created: datetime, lines: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"author": author, "text": text,
             "sent_at": (created - timedelta(seconds=20 * (len(lines) - i))).isoformat()}
            for i, (author, text) in enumerate(lines)]


async def seed_violations(conn: Connection, *, author_id: int, reviewer_id: int, reporter_id: int,
                          model_id: int) -> None:
    now, room = datetime.now(UTC), f"live:{model_id}"
    for minutes, message, categories, action, review, before in DEMO_VIOLATIONS:
        created = now - timedelta(minutes=minutes)
        status, note = review or ("pending", None)
        await conn.execute(
            """INSERT INTO stream_chat_violations (user_id, room, message, categories, scores, action,
                   classifier_version, review_status, reviewed_by, reviewed_at, review_note, created_at,
                   context)
               VALUES ($1, $2, $3, $4, $5, $6, 'demo-seed', $7, $8, $9, $10, $11, $12)""",
            author_id, room, message, categories,
            _scores(categories, 0.93 if action == "block" else 0.61), action,
            status, reviewer_id if review else None, created + timedelta(minutes=5) if review else None,
            note, created, _context(created, before))
    minutes, message, reason, before = REPORT
    created = now - timedelta(minutes=minutes)
    await conn.execute(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, scores, action,
               classifier_version, source, message_id, report_reason, reported_by, created_at, context)
           VALUES ($1, $2, $3, $4, $5, 'allow', 'demo-seed', 'report', 'demo-report', $6, $7, $8, $9)""",
        author_id, room, message, [reason], _scores([reason], 0.28), reason, reporter_id, created,
        _context(created, before))
