"""`python -m app grant TELEGRAM_ID ROLE` makes the first admins: it creates an unknown account
or changes the role of a known one, and refuses what the API refuses."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parents[2]


async def _grant(database: str, var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database, "PNP_VAR_DIR": str(var_dir), "PNP_ENV": "test"}
    return await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "app", "grant", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


async def test_grant_creates_an_unknown_account_as_admin(committed_database: str,
                                                         tmp_path: Path) -> None:
    done = await _grant(committed_database, tmp_path, "700000001", "ADMIN")
    assert done.returncode == 0, done.stderr
    assert "is ADMIN (was FREE)" in done.stdout
    conn = await asyncpg.connect(committed_database)
    try:
        assert await conn.fetchval(
            "SELECT role FROM users WHERE telegram_id = 700000001") == "ADMIN"
    finally:
        await conn.close()


async def test_grant_changes_the_role_of_a_known_account(committed_database: str,
                                                         tmp_path: Path) -> None:
    conn = await asyncpg.connect(committed_database)
    try:
        await conn.execute("INSERT INTO users (telegram_id, first_name) VALUES (700000002, 'Ana')")
        done = await _grant(committed_database, tmp_path, "700000002", "MODERATOR")
        assert done.returncode == 0, done.stderr
        assert await conn.fetch("SELECT first_name, role FROM users WHERE telegram_id = 700000002") \
            == [("Ana", "MODERATOR")]
    finally:
        await conn.close()


async def test_grant_refuses_a_banned_account(committed_database: str, tmp_path: Path) -> None:
    conn = await asyncpg.connect(committed_database)
    try:
        await conn.execute("INSERT INTO users (telegram_id, banned_until) "
                           "VALUES (700000003, now() + interval '1 day')")
        done = await _grant(committed_database, tmp_path, "700000003", "ADMIN")
        assert done.returncode == 1
        assert "banned" in done.stderr and "lift the ban" in done.stderr
        assert await conn.fetchval(
            "SELECT role FROM users WHERE telegram_id = 700000003") == "FREE"
    finally:
        await conn.close()


async def test_grant_refuses_an_unknown_role_or_id(committed_database: str, tmp_path: Path) -> None:
    for args in (("700000004", "OWNER"), ("-5", "ADMIN"), ("alice", "ADMIN"), ("²", "ADMIN")):
        done = await _grant(committed_database, tmp_path, *args)
        assert done.returncode == 2, args
        assert "invalid" in done.stderr or "positive number" in done.stderr
