"""Two admins demoting each other at once: the second waits for the first and is refused, so the
install never loses its last ADMIN."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import asyncpg
import pytest

from app.accounts.service import change_role
from app.errors import Problem
from core.db import create_pool, transaction


@pytest.fixture
async def own_pool(committed_database: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(committed_database, min_size=2, max_size=3)
    yield pool
    await pool.close()


async def _waiting_on_a_lock(pool: asyncpg.Pool, pid: int, task: asyncio.Task[object]) -> bool:
    deadline = time.monotonic() + 20
    async with pool.acquire() as watcher:
        while not task.done() and time.monotonic() < deadline:
            if await watcher.fetchval(
                    "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1", pid):
                return True
            await asyncio.wait({task}, timeout=0.01)
    return False


async def test_concurrent_demotions_keep_one_admin(own_pool: asyncpg.Pool) -> None:
    async with transaction(own_pool) as conn:
        first, second = [await conn.fetchval(
            "INSERT INTO users (telegram_id, role) VALUES ($1, 'ADMIN') RETURNING id", t)
            for t in (720000001, 720000002)]
    second_pid: list[int] = []

    async def demote_second() -> str:
        async with transaction(own_pool) as conn:
            second_pid.append(conn.get_server_pid())
            return await change_role(conn, user_id=second, role="FREE", by=first, reason="race")

    async with transaction(own_pool) as conn:
        await change_role(conn, user_id=first, role="FREE", by=second, reason="race")
        racing = asyncio.ensure_future(demote_second())
        while not second_pid and not racing.done():
            await asyncio.wait({racing}, timeout=0.01)
        assert await _waiting_on_a_lock(own_pool, second_pid[0], racing), \
            "the second demotion did not wait for the first"
    with pytest.raises(Problem) as refused:
        await racing
    assert refused.value.status_code == 409 and "last ADMIN" in refused.value.detail
    async with own_pool.acquire() as conn:
        assert await conn.fetchval(
            "SELECT array_agg(role ORDER BY id) FROM users WHERE id = ANY($1)", [first, second]) \
            == ["FREE", "ADMIN"]
        assert await conn.fetchval("SELECT count(*) FROM role_changes WHERE user_id = $1", second) == 0
