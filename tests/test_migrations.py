"""The runner applies each file once under an advisory lock and refuses edited history."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from app.migrate import MIGRATIONS_DIR, MigrationError, load_migrations, migrate


@pytest.fixture
async def empty_database(database_url: str) -> AsyncIterator[str]:
    base, _, query = database_url.partition("?")
    name = base.rsplit("/", 1)[1] + "_migrations"
    url = base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")
    admin = await asyncpg.connect(database_url)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    await admin.execute(f'CREATE DATABASE "{name}"')
    yield url
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


async def test_applies_every_file_once(empty_database: str) -> None:
    conn = await asyncpg.connect(empty_database)
    try:
        first = await migrate(conn)
        again = await migrate(conn)
        recorded = await conn.fetchval("SELECT count(*) FROM schema_migrations")
    finally:
        await conn.close()
    assert first == [m.version for m in load_migrations()]
    assert again == []
    assert recorded == len(first)


async def test_two_instances_racing_apply_each_file_once(empty_database: str) -> None:
    conns = [await asyncpg.connect(empty_database) for _ in range(2)]
    try:
        results = await asyncio.gather(*(migrate(c) for c in conns))
    finally:
        for c in conns:
            await c.close()
    assert sorted(len(r) for r in results) == [0, len(load_migrations())]


async def test_refuses_an_edited_applied_migration(empty_database: str, tmp_path: Path) -> None:
    directory = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, directory)
    conn = await asyncpg.connect(empty_database)
    try:
        await migrate(conn, directory)
        first = sorted(directory.glob("*.sql"))[0]
        first.write_text(first.read_text() + "\n-- edited\n")
        with pytest.raises(MigrationError, match="edited after it was applied"):
            await migrate(conn, directory)
    finally:
        await conn.close()


def test_refuses_badly_named_files(tmp_path: Path) -> None:
    (tmp_path / "1_first.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match=r"NNNN_name\.sql"):
        load_migrations(tmp_path)
