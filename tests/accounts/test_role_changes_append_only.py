"""role_changes is append-only in the database: UPDATE, DELETE and TRUNCATE are refused."""

from __future__ import annotations

import asyncpg
import pytest

from app.accounts.service import grant
from app.errors import Problem
from core.db import Connection


@pytest.mark.parametrize("statement", [
    "UPDATE role_changes SET reason = 'rewritten'",
    "DELETE FROM role_changes",
    "TRUNCATE role_changes",
])
async def test_role_change_rows_cannot_be_rewritten(conn: Connection, statement: str) -> None:
    user_id, _ = await grant(conn, telegram_id=730000001, role="MODERATOR", reason="night shift")
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        async with conn.transaction():
            await conn.execute(statement)
    assert await conn.fetch("SELECT from_role, to_role, reason FROM role_changes WHERE user_id = $1",
                            user_id) == [("FREE", "MODERATOR", "night shift")]


async def test_a_reason_is_required(conn: Connection) -> None:
    with pytest.raises(Problem, match="reason"):
        await grant(conn, telegram_id=730000002, role="PRIME", reason="  ")
    user_id = await conn.fetchval("SELECT id FROM users WHERE telegram_id = 730000002")
    with pytest.raises(asyncpg.CheckViolationError):
        await conn.execute("INSERT INTO role_changes (user_id, from_role, to_role, reason) "
                           "VALUES ($1, 'FREE', 'PRIME', '  ')", user_id)
