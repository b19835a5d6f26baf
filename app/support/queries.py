from __future__ import annotations

import asyncpg

_COLUMNS = """t.id, t.user_id, u.username, person_name(u.first_name, u.username) AS name,
    t.subject, t.message, t.status, t.created_at, t.updated_at,
    COALESCE((SELECT jsonb_agg(jsonb_build_object('id', r.id, 'author_id', r.author_id,
                 'message', r.message, 'created_at', r.created_at) ORDER BY r.id)
              FROM support_ticket_replies r WHERE r.ticket_id = t.id), '[]'::jsonb) AS replies"""

# $1 user id (NULL: everyone's), $2 status (NULL: any)
_FILTER = "($1::bigint IS NULL OR t.user_id = $1) AND ($2::text IS NULL OR t.status = $2)"


async def insert_ticket(conn: asyncpg.Connection, *, user_id: int, subject: str, message: str) -> int:
    return await conn.fetchval(
        "INSERT INTO support_tickets (user_id, subject, message) VALUES ($1, $2, $3) RETURNING id",
        user_id, subject, message)


async def get_ticket(conn: asyncpg.Connection, ticket_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM support_tickets t JOIN users u ON u.id = t.user_id WHERE t.id = $1",
        ticket_id)


async def list_tickets(conn: asyncpg.Connection, *, user_id: int | None, status: str | None,
                       limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    rows = await conn.fetch(
        f"""SELECT {_COLUMNS} FROM support_tickets t JOIN users u ON u.id = t.user_id
            WHERE {_FILTER} ORDER BY t.created_at DESC, t.id DESC LIMIT $3 OFFSET $4""",
        user_id, status, limit, offset)
    total = await conn.fetchval(f"SELECT count(*) FROM support_tickets t WHERE {_FILTER}",
                                user_id, status)
    return rows, total


async def add_reply(conn: asyncpg.Connection, *, ticket_id: int, author_id: int, message: str,
                    status: str) -> int | None:
    """The ticket's owner, or None when there is no such ticket."""
    owner = await conn.fetchval(
        "UPDATE support_tickets SET status = $2, updated_at = now() WHERE id = $1 RETURNING user_id",
        ticket_id, status)
    if owner is None:
        return None
    await conn.execute(
        "INSERT INTO support_ticket_replies (ticket_id, author_id, message) VALUES ($1, $2, $3)",
        ticket_id, author_id, message)
    return int(owner)
