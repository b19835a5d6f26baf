"""Events leave only after the transaction that caused them has committed."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from core.db import transaction


async def test_callbacks_run_after_commit_and_see_committed_data(pool: asyncpg.Pool) -> None:
    seen: list[bool] = []
    telegram_id = 555_000_001

    async with transaction(pool) as conn:
        await conn.execute("INSERT INTO users (telegram_id) VALUES ($1)", telegram_id)

        async def check() -> None:
            async with pool.acquire() as other:
                seen.append(await other.fetchval(
                    "SELECT EXISTS (SELECT 1 FROM users WHERE telegram_id = $1)", telegram_id))

        conn.on_commit(check)
        assert seen == []
    assert seen == [True]
    async with pool.acquire() as conn:
        await conn.execute("DELETE FROM users WHERE telegram_id = $1", telegram_id)


async def test_callbacks_are_dropped_on_rollback(pool: asyncpg.Pool) -> None:
    ran = asyncio.Event()

    async def mark() -> None:
        ran.set()

    with pytest.raises(RuntimeError):
        async with transaction(pool) as conn:
            conn.on_commit(mark)
            raise RuntimeError("boom")
    async with transaction(pool) as conn:
        assert conn.take_after_commit() == []
    assert not ran.is_set()
