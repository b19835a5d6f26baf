from __future__ import annotations

from typing import Any

import asyncpg

_USER_COLUMNS = """u.id, u.telegram_id, u.first_name, u.last_name, u.username,
    person_name(u.first_name, u.username) AS name, u.photo_url,
    u.language, u.role, u.onboarding_complete, u.muted_until, u.banned_until, u.created_at,
    (SELECT m.id FROM pnp_models m WHERE m.user_id = u.id AND m.deleted_at IS NULL) AS model_id"""


async def get_user(conn: asyncpg.Connection, user_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_USER_COLUMNS} FROM users u WHERE u.id = $1", user_id)


async def is_banned(conn: asyncpg.Connection, user_id: int) -> bool:
    return bool(await conn.fetchval(
        "SELECT banned_until > now() FROM users WHERE id = $1", user_id))


async def upsert_telegram_user(conn: asyncpg.Connection, **fields: Any) -> int:
    # telegram_id UNIQUE makes concurrent first sign-ins of one account converge on one row.
    return await conn.fetchval(
        """INSERT INTO users (telegram_id, first_name, last_name, username, photo_url, language,
                              last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())
           ON CONFLICT (telegram_id) DO UPDATE
              SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                  username = EXCLUDED.username, photo_url = EXCLUDED.photo_url,
                  last_seen_at = now()
           RETURNING id""",
        fields["telegram_id"], fields["first_name"], fields["last_name"], fields["username"],
        fields["photo_url"], fields["language"],
    )


async def upsert_dev_user(conn: asyncpg.Connection, *, telegram_id: int, role: str,
                          username: str | None, first_name: str | None) -> int:
    return await conn.fetchval(
        """INSERT INTO users (telegram_id, first_name, username, role, onboarding_complete,
                              terms_accepted_at, adult_confirmed_at, last_seen_at)
           VALUES ($1, COALESCE($4, $3, ''), $3, $2, true, now(), now(), now())
           ON CONFLICT (telegram_id) DO UPDATE
              SET role = EXCLUDED.role, username = COALESCE(EXCLUDED.username, users.username),
                  first_name = COALESCE($4, users.first_name),
                  onboarding_complete = true,
                  terms_accepted_at = COALESCE(users.terms_accepted_at, now()),
                  adult_confirmed_at = COALESCE(users.adult_confirmed_at, now()),
                  last_seen_at = now()
           RETURNING id""",
        telegram_id, role, username, first_name,
    )


async def ensure_model_profile(conn: asyncpg.Connection, *, user_id: int, display_name: str) -> None:
    """A placeholder profile, not listed until the model completes it (migrations/0085)."""
    # pnp_models.user_id UNIQUE: one profile per MODEL account, even when two logins race.
    await conn.execute(
        """INSERT INTO pnp_models (user_id, display_name, name_is_placeholder, approved_at)
           VALUES ($1, $2, true, NULL) ON CONFLICT (user_id) DO NOTHING""",
        user_id, display_name,
    )


async def complete_onboarding(conn: asyncpg.Connection, *, user_id: int, language: str) -> None:
    await conn.execute(
        """UPDATE users
              SET language = CASE WHEN onboarding_complete THEN language ELSE $2 END,
                  terms_accepted_at = COALESCE(terms_accepted_at, now()),
                  adult_confirmed_at = COALESCE(adult_confirmed_at, now()),
                  onboarding_complete = true
            WHERE id = $1""",
        user_id, language,
    )
