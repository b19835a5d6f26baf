"""The test's connection lent the way the app lends it (core/versioned.py), counting every
statement sent to PostgreSQL through it, and a cache on the test's Redis under a fresh
namespace."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from core.db import Connection
from core.kv import key_value
from core.redis_client import create_redis
from core.versioned import Versioned, VersionedDatabase
from tests.conftest import SharedConnection, _redis_url

_STATEMENTS = {"execute", "executemany", "fetch", "fetchrow", "fetchval"}


class _Counted:
    def __init__(self, conn: Connection, owner: CountingDatabase) -> None:
        self._conn, self._owner = conn, owner

    def __getattr__(self, name: str) -> Any:
        if name in _STATEMENTS:
            self._owner.queries += 1
        return getattr(self._conn, name)


class CountingDatabase:
    def __init__(self, conn: Connection) -> None:
        self._shared, self.queries = SharedConnection(conn), 0

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[Any]:
        async with self._shared.acquire() as conn:
            yield _Counted(conn, self)

    async def close(self) -> None:
        return None


def versions(namespace: str | None = None) -> Versioned:
    """A new Redis client each call: two calls with one `namespace` are two workers that share
    only Redis."""
    return Versioned(key_value(create_redis(_redis_url())),
                     namespace=namespace or f"pnp:test-{uuid.uuid4().hex}")


def lend(conn: Connection, cache: Versioned) -> tuple[VersionedDatabase, CountingDatabase]:
    counting = CountingDatabase(conn)
    return VersionedDatabase(counting, cache), counting
