"""SQL of message reports: a report is a `stream_chat_violations` row with source 'report'."""

from __future__ import annotations

from typing import Any

import asyncpg

from core.db import Connection

MESSAGE_MAX = 4000


async def insert_report(conn: Connection, *, reporter_id: int, author_id: int, room: str,
                        message_id: str, message: str, reason: str, action: str,
                        scores: dict[str, float], classifier_version: str,
                        context: list[dict[str, Any]]) -> asyncpg.Record | None:
    """None when this reporter already reported this message (the partial unique index
    stream_chat_violations_one_report_idx decides, so two tabs racing cannot both insert)."""
    categories = [] if reason == "other" else [reason]
    return await conn.fetchrow(
        """INSERT INTO stream_chat_violations
                  (user_id, room, message, categories, scores, action, classifier_version, source,
                   message_id, report_reason, reported_by, context)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'report', $8, $9, $10, $11)
      ON CONFLICT (reported_by, message_id) WHERE source = 'report' DO NOTHING
        RETURNING id, message, categories, created_at, room_name(room) AS room_name""",
        author_id, room, message[:MESSAGE_MAX], categories, scores, action, classifier_version,
        message_id, reason, reporter_id, context)


async def reporter_name(conn: Connection, user_id: int) -> str:
    return await conn.fetchval(
        """SELECT COALESCE(NULLIF(first_name, ''), NULLIF(username, ''), 'user ' || id)
             FROM users WHERE id = $1""", user_id)
