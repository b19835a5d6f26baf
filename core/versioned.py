"""Values cached (core/kv.py: Redis, or this process without it) until a name they depend on is
touched: `conn.touch(name)` next to the write, run after its transaction commits.

Each name has a generation token, `{name}:g`; a value is stored with the tokens of its names as
they were read *before* the database was. A touch replaces the token, so a value read from the
database before the write committed carries the old token and is never served once the touch
has landed — whichever of the reader's store and the writer's touch comes last. A failed touch
(Redis away) leaves a value served for at most `ttl_ms`. Tokens live far longer than values, so a
token that expires cannot bring back a value stored under an absent one."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from core.db import Connection, Database
from core.kv import KeyValue
from core.metrics import CACHE

log = logging.getLogger(__name__)

TOKEN_BYTES = 16
_ABSENT = b"0" * TOKEN_BYTES
TOKEN_TTL_MS = 86_400_000


class Versioned:
    def __init__(self, kv: KeyValue, *, namespace: str, ttl_ms: int = 120_000) -> None:
        """`namespace` keeps two deployments (or test runs) sharing a Redis apart."""
        self.kv, self.namespace, self.ttl_ms = kv, namespace, ttl_ms

    def _token(self, name: str) -> str:
        return f"{self.namespace}:v:{{{name}}}:g"

    def _value(self, key: str) -> str:
        return f"{self.namespace}:v:{{{key}}}:v"

    async def get(self, key: str, depends: Sequence[str]) -> tuple[bytes | None, bytes | None]:
        """(stamp, value): the value when it is current, else None and the stamp to `put` the
        database's answer with (None when the cache cannot be reached: then do not put)."""
        label = key.partition(":")[0]
        try:
            found = await self.kv.get_many([*(self._token(n) for n in depends), self._value(key)])
        except Exception:
            CACHE.labels(label, "error").inc()
            return None, None
        stamp = b"".join(t or _ABSENT for t in found[:-1])
        value = found[-1]
        if value is not None and value[:len(stamp)] == stamp:
            CACHE.labels(label, "hit").inc()
            return stamp, value[len(stamp):]
        CACHE.labels(label, "miss").inc()
        return stamp, None

    async def put(self, key: str, stamp: bytes | None, value: bytes) -> None:
        if stamp is None:
            return
        try:
            await self.kv.set(self._value(key), stamp + value, px=self.ttl_ms)
        except Exception:
            CACHE.labels(key.partition(":")[0], "error").inc()

    async def touch(self, name: str) -> None:
        try:
            await self.kv.set(self._token(name), secrets.token_hex(TOKEN_BYTES // 2).encode(),
                              px=TOKEN_TTL_MS)
        except Exception:
            log.warning("could not touch %s: cached values live out their %d ms", name, self.ttl_ms)


class VersionedDatabase:
    """The app's `Database`: every connection it lends out touches `versions` after commit."""

    def __init__(self, db: Database, versions: Versioned) -> None:
        self.db, self.versions = db, versions

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[Connection]:
        async with self.db.acquire() as conn:
            conn.lend_to(self.versions)
            try:
                yield conn
            finally:
                conn.lend_to(None)

    async def close(self) -> None:
        await self.db.close()
