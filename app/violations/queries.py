"""SQL of moderation: violations, their review, user sanctions and the review analytics."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from core.db import Connection

_VIOLATION = """v.id, v.user_id, u.username, person_name(u.first_name, u.username) AS user_name,
    v.room, room_name(v.room) AS room_name, v.message, v.categories, v.scores,
    v.action, v.classifier_version, v.review_status, v.reviewed_by,
    person_name(r.first_name, r.username) AS reviewer_name, v.reviewed_at, v.review_note,
    v.muted_until, v.created_at, v.context, v.source, v.report_reason,
    (SELECT COALESCE(NULLIF(p.first_name, ''), NULLIF(p.username, ''), 'user ' || p.id)
       FROM users p WHERE p.id = v.reported_by) AS reporter_name"""
_FROM = """stream_chat_violations v JOIN users u ON u.id = v.user_id
    LEFT JOIN users r ON r.id = v.reviewed_by"""
MESSAGE_MAX = 4000


async def insert_violation(conn: Connection, *, user_id: int, room: str, message: str,
                           categories: list[str], scores: dict[str, float], action: str,
                           classifier_version: str, muted_until: datetime | None,
                           context: list[dict[str, Any]]) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, scores, action,
                                                classifier_version, muted_until, context)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, message, created_at,
                   (SELECT person_name(u.first_name, u.username) FROM users u
                     WHERE u.id = stream_chat_violations.user_id) AS user_name,
                   room_name(room) AS room_name""",
        user_id, room, message[:MESSAGE_MAX], categories, scores, action, classifier_version,
        muted_until, context)


async def mute_user(conn: Connection, user_id: int, until: datetime) -> None:
    """Never shortens a longer mute a moderator set."""
    await conn.execute(
        "UPDATE users SET muted_until = greatest(muted_until, $2) WHERE id = $1", user_id, until)


async def list_violations(conn: Connection, *, status: str | None, category: str | None,
                          user_id: int | None, room: str | None, action: str | None,
                          since: datetime | None, until: datetime | None, limit: int,
                          offset: int) -> tuple[list[asyncpg.Record], int]:
    """`status` 'reviewed' means upheld or overturned."""
    where = """($1::text IS NULL OR v.review_status = $1
                OR ($1 = 'reviewed' AND v.review_status <> 'pending'))
           AND ($2::text IS NULL OR v.categories @> ARRAY[$2::text])
           AND ($3::bigint IS NULL OR v.user_id = $3)
           AND ($4::text IS NULL OR v.room = $4)
           AND ($5::text IS NULL OR v.action = $5)
           AND ($6::timestamptz IS NULL OR v.created_at >= $6)
           AND ($7::timestamptz IS NULL OR v.created_at < $7)"""
    args: list[Any] = [status, category, user_id, room, action, since, until]
    total = await conn.fetchval(f"SELECT count(*) FROM stream_chat_violations v WHERE {where}", *args)
    rows = await conn.fetch(
        f"""SELECT {_VIOLATION} FROM {_FROM}
            WHERE {where} ORDER BY v.created_at DESC, v.id DESC LIMIT $8 OFFSET $9""",
        *args, limit, offset)
    return rows, int(total)


async def get_violation(conn: Connection, violation_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_VIOLATION} FROM {_FROM} WHERE v.id = $1", violation_id)


async def pending_count(conn: Connection) -> int:
    # Counted on the partial index stream_chat_violations_pending_idx.
    return int(await conn.fetchval(
        "SELECT count(*) FROM stream_chat_violations WHERE review_status = 'pending'"))


async def person(conn: Connection, user_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT id, person_name(first_name, username) AS name, username, role, muted_until,
                  banned_until
             FROM users WHERE id = $1""", user_id)


async def user_violations(conn: Connection, user_id: int, *, before_id: int | None,
                          limit: int) -> tuple[list[asyncpg.Record], int]:
    """The user's violations, newest first; with `before_id`, only those recorded before it."""
    where = """v.user_id = $1 AND ($2::bigint IS NULL OR (v.created_at, v.id) <
               (SELECT b.created_at, b.id FROM stream_chat_violations b WHERE b.id = $2))"""
    total = await conn.fetchval(
        f"SELECT count(*) FROM stream_chat_violations v WHERE {where}", user_id, before_id)
    rows = await conn.fetch(
        f"""SELECT {_VIOLATION} FROM {_FROM} WHERE {where}
            ORDER BY v.created_at DESC, v.id DESC LIMIT $3""", user_id, before_id, limit)
    return rows, int(total)


async def user_sanctions(conn: Connection, user_id: int, *, limit: int) -> list[asyncpg.Record]:
    """Mutes, bans and their lifting by staff, from the audit log, newest first."""
    return await conn.fetch(
        """SELECT split_part(a.action, '.', 2) AS action, a.data->>'until' AS until,
                  a.data->>'reason' AS reason, person_name(s.first_name, s.username) AS actor_name,
                  a.created_at
              FROM audit_log a LEFT JOIN users s ON s.id = a.actor_id
             WHERE a.entity = 'user' AND a.entity_id = $1
               AND a.action IN ('user.muted', 'user.unmuted', 'user.banned', 'user.unbanned')
             ORDER BY a.created_at DESC, a.id DESC LIMIT $2""", user_id, limit)


async def review_violation(conn: Connection, *, violation_id: int, status: str, reviewer_id: int,
                           note: str | None) -> asyncpg.Record | None:
    """None when the violation does not exist or was already reviewed (the row lock of the UPDATE
    makes a second reviewer wait, then find it no longer pending)."""
    return await conn.fetchrow(
        """UPDATE stream_chat_violations
              SET review_status = $2, reviewed_by = $3, reviewed_at = now(), review_note = $4
            WHERE id = $1 AND review_status = 'pending'
        RETURNING id, user_id, room, action, muted_until, reviewed_at""",
        violation_id, status, reviewer_id, note)


async def lift_block_mute(conn: Connection, user_id: int, block_muted_until: datetime) -> bool:
    """Clears the mute that block set, not a longer one set later by a moderator."""
    return await conn.fetchval(
        """UPDATE users SET muted_until = NULL
            WHERE id = $1 AND muted_until IS NOT NULL AND muted_until <= $2 RETURNING true""",
        user_id, block_muted_until) or False


async def user_role(conn: Connection, user_id: int) -> str | None:
    return await conn.fetchval("SELECT role FROM users WHERE id = $1", user_id)


async def set_sanction(conn: Connection, user_id: int, column: str,
                       until: datetime | None) -> datetime | None:
    """`column` is muted_until or banned_until (never user input)."""
    assert column in ("muted_until", "banned_until")
    return await conn.fetchval(
        f"UPDATE users SET {column} = $2 WHERE id = $1 RETURNING {column}", user_id, until)


async def category_action_counts(conn: Connection, since: datetime | None,
                                 until: datetime | None) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT c.category, v.action, count(*) AS count,
                  count(*) FILTER (WHERE v.review_status = 'upheld') AS upheld,
                  count(*) FILTER (WHERE v.review_status = 'overturned') AS overturned
             FROM stream_chat_violations v CROSS JOIN LATERAL unnest(v.categories) AS c (category)
            WHERE v.source = 'classifier'
              AND ($1::timestamptz IS NULL OR v.created_at >= $1)
              AND ($2::timestamptz IS NULL OR v.created_at < $2)
            GROUP BY c.category, v.action ORDER BY c.category, v.action""", since, until)


async def review_totals(conn: Connection, since: datetime | None,
                        until: datetime | None) -> asyncpg.Record:
    return await conn.fetchrow(
        """SELECT count(*) AS total,
                  count(*) FILTER (WHERE review_status = 'pending') AS pending,
                  count(*) FILTER (WHERE review_status = 'upheld' AND source = 'classifier') AS upheld,
                  count(*) FILTER (WHERE review_status = 'overturned' AND source = 'classifier')
                      AS overturned,
                  count(*) FILTER (WHERE source = 'report') AS reported,
                  percentile_cont(0.5) WITHIN GROUP (
                      ORDER BY extract(epoch FROM reviewed_at - created_at)) AS review_p50_s,
                  percentile_cont(0.9) WITHIN GROUP (
                      ORDER BY extract(epoch FROM reviewed_at - created_at)) AS review_p90_s
             FROM stream_chat_violations
            WHERE ($1::timestamptz IS NULL OR created_at >= $1)
              AND ($2::timestamptz IS NULL OR created_at < $2)""", since, until)


async def report_outcomes(conn: Connection, since: datetime | None,
                          until: datetime | None) -> list[asyncpg.Record]:
    """Per reported reason, messages the classifier let through: reviewed, and upheld (a miss).
    A message reported by several users counts once."""
    return await conn.fetch(
        """SELECT report_reason AS category,
                  count(DISTINCT message_id) FILTER (WHERE review_status <> 'pending') AS reviewed,
                  count(DISTINCT message_id) FILTER (WHERE review_status = 'upheld') AS missed
             FROM stream_chat_violations
            WHERE source = 'report' AND action = 'allow'
              AND ($1::timestamptz IS NULL OR created_at >= $1)
              AND ($2::timestamptz IS NULL OR created_at < $2)
            GROUP BY report_reason ORDER BY report_reason""", since, until)
