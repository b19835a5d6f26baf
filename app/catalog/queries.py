from __future__ import annotations

from typing import Any

import asyncpg

from core.db import Connection

_PRICES = """COALESCE((SELECT jsonb_agg(jsonb_build_object(
        'duration_minutes', p.duration_minutes, 'price_cents', p.price_cents,
        'currency', p.currency) ORDER BY p.duration_minutes)
     FROM pnp_model_prices p WHERE p.model_id = m.id), '[]'::jsonb) AS prices"""



def _columns(approval: str) -> str:
    """`approval`: the placeholder of the PNP_MODEL_APPROVAL flag (migrations/0085 model_missing)."""
    return f"""m.id, m.user_id, m.display_name, m.username, m.bio, m.photo_key, m.languages,
    m.tags, m.visibility, m.social_links, m.timezone, m.is_online, m.last_seen_at,
    m.rating_avg::float8 AS rating_avg, m.rating_count, m.commission_rate::float8 AS commission_rate,
    m.created_at, m.updated_at, m.deleted_at, m.approved_at, {_PRICES},
    model_missing(m, {approval}) AS missing,
    (SELECT person(u) FROM users u WHERE u.id = m.user_id) AS owner"""


# $1 visibilities, $2 pattern, $3 online, $4 min price, $5 max price, $6 language, $7 tag,
# $8 approval required. Listed: nothing missing (migrations/0085).
_FILTER = """m.deleted_at IS NULL AND m.visibility = ANY($1::text[])
    AND model_missing(m, $8::bool) = '{}'::text[]
    AND ($2::text IS NULL OR m.display_name ILIKE $2 OR m.username ILIKE $2 OR m.bio ILIKE $2
         OR EXISTS (SELECT 1 FROM unnest(m.tags) t WHERE t ILIKE $2))
    AND ($3::bool IS NULL OR m.is_online = $3)
    AND (($4::int IS NULL AND $5::int IS NULL) OR EXISTS (
        SELECT 1 FROM pnp_model_prices p WHERE p.model_id = m.id
           AND ($4::int IS NULL OR p.price_cents >= $4) AND ($5::int IS NULL OR p.price_cents <= $5)))
    AND ($6::text IS NULL OR $6 = ANY(m.languages))
    AND ($7::text IS NULL OR $7 = ANY(m.tags))"""

_ORDER = {
    "rating": "m.rating_avg DESC NULLS LAST, m.rating_count DESC, m.id DESC",
    "price": "(SELECT min(p.price_cents) FROM pnp_model_prices p WHERE p.model_id = m.id) "
             "ASC NULLS LAST, m.id",
    "newest": "m.created_at DESC, m.id DESC",
}


def _like(q: str | None) -> str | None:
    if not q:
        return None
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def list_models(conn: asyncpg.Connection, *, visibilities: list[str], q: str | None,
                      online: bool | None, min_price: int | None, max_price: int | None,
                      language: str | None, tag: str | None, sort: str, limit: int,
                      offset: int, approval: bool) -> tuple[list[asyncpg.Record], int]:
    args = (visibilities, _like(q), online, min_price, max_price, language, tag, approval)
    rows = await conn.fetch(
        f"SELECT {_columns('$8')} FROM pnp_models m WHERE {_FILTER} ORDER BY {_ORDER[sort]} "
        "LIMIT $9 OFFSET $10",
        *args, limit, offset,
    )
    total = await conn.fetchval(f"SELECT count(*) FROM pnp_models m WHERE {_FILTER}", *args)
    return rows, total


async def list_all_models(conn: asyncpg.Connection, *, include_deleted: bool, awaiting: bool,
                          approval: bool, limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    """`awaiting`: only the approval queue (not approved yet), oldest first."""
    where = "TRUE" if include_deleted else "m.deleted_at IS NULL"
    if awaiting:
        where += " AND m.approved_at IS NULL"
    order = "m.created_at, m.id" if awaiting else "m.id"
    rows = await conn.fetch(
        f"SELECT {_columns('$3')} FROM pnp_models m WHERE {where} ORDER BY {order} "
        "LIMIT $1 OFFSET $2", limit, offset, approval)
    total = await conn.fetchval(f"SELECT count(*) FROM pnp_models m WHERE {where}")
    return rows, total


async def get_model(conn: asyncpg.Connection, model_id: int, *, approval: bool,
                    include_deleted: bool = False) -> asyncpg.Record | None:
    where = "TRUE" if include_deleted else "m.deleted_at IS NULL"
    return await conn.fetchrow(
        f"SELECT {_columns('$2')} FROM pnp_models m WHERE m.id = $1 AND {where}", model_id, approval)


async def model_id_for_user(conn: asyncpg.Connection, user_id: int) -> int | None:
    return await conn.fetchval(
        "SELECT id FROM pnp_models WHERE user_id = $1 AND deleted_at IS NULL", user_id)


async def insert_model(conn: asyncpg.Connection, fields: dict[str, Any]) -> int:
    columns = list(fields)
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    return await conn.fetchval(
        f"INSERT INTO pnp_models ({', '.join(columns)}) VALUES ({placeholders}) RETURNING id",
        *fields.values())


async def update_model(conn: Connection, model_id: int, fields: dict[str, Any]) -> bool:
    """Column names come from the msgspec schema's field list, never from user input."""
    conn.touch(f"live:{model_id}")  # the live room's visibility and model (app/calls/rooms.py)
    if "user_id" in fields:
        conn.touch("model-accounts")  # every call room names its model's account
    if not fields:
        return await conn.fetchval(
            "SELECT true FROM pnp_models WHERE id = $1 AND deleted_at IS NULL FOR UPDATE",
            model_id) is not None
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(fields, start=2))
    status = await conn.execute(
        f"UPDATE pnp_models SET {assignments} WHERE id = $1 AND deleted_at IS NULL",
        model_id, *fields.values())
    return status != "UPDATE 0"


async def replace_prices(conn: asyncpg.Connection, model_id: int,
                         prices: list[tuple[int, int, str]]) -> None:
    await conn.execute("DELETE FROM pnp_model_prices WHERE model_id = $1", model_id)
    await conn.executemany(
        """INSERT INTO pnp_model_prices (model_id, duration_minutes, price_cents, currency)
           VALUES ($1, $2, $3, $4)""",
        [(model_id, *p) for p in prices])


async def soft_delete_model(conn: Connection, model_id: int) -> bool:
    conn.touch(f"live:{model_id}")
    status = await conn.execute(
        "UPDATE pnp_models SET deleted_at = now(), is_online = false "
        "WHERE id = $1 AND deleted_at IS NULL", model_id)
    return status != "UPDATE 0"


async def model_name(conn: asyncpg.Connection, model_id: int) -> str | None:
    return await conn.fetchval(
        "SELECT display_name FROM pnp_models WHERE id = $1 AND deleted_at IS NULL", model_id)


async def approve(conn: asyncpg.Connection, model_id: int, *, by: int) -> bool:
    """False: no such model. Approving twice keeps the first approval."""
    status = await conn.execute(
        "UPDATE pnp_models SET approved_by = CASE WHEN approved_at IS NULL THEN $2 ELSE approved_by END, "
        "approved_at = COALESCE(approved_at, now()) WHERE id = $1 AND deleted_at IS NULL",
        model_id, by)
    return status != "UPDATE 0"


async def make_model_account(conn: asyncpg.Connection, user_id: int) -> str | None:
    """The role the account had (FREE and PRIME become MODEL; staff keep theirs), None: no such user."""
    return await conn.fetchval(
        """WITH before AS (SELECT id, role FROM users WHERE id = $1 FOR UPDATE),
                changed AS (UPDATE users u SET role = 'MODEL' FROM before
                             WHERE u.id = before.id AND before.role IN ('FREE', 'PRIME'))
           SELECT role FROM before""", user_id)


async def set_photo(conn: asyncpg.Connection, model_id: int, photo_key: str) -> bool:
    status = await conn.execute(
        "UPDATE pnp_models SET photo_key = $2 WHERE id = $1 AND deleted_at IS NULL",
        model_id, photo_key)
    return status != "UPDATE 0"


async def catalog_state(conn: asyncpg.Connection) -> asyncpg.Record:
    """The epoch and version the directory cache keys on (migrations/0070)."""
    return await conn.fetchrow("SELECT epoch, version FROM catalog_state")
