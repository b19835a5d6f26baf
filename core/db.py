"""asyncpg pool, one transaction per request, and callbacks that run only after commit."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any, Protocol

import asyncpg
import msgspec
from litestar.datastructures import State

from core.metrics import DB_QUERIES, SLOW_QUERIES

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[None]]


class Toucher(Protocol):
    async def touch(self, name: str) -> None: ...


class Connection(asyncpg.Connection):
    """A connection that carries the callbacks its current transaction runs after commit."""

    versions: Toucher | None = None
    """Set while the app's database (core/versioned.py) lends the connection out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._after_commit: list[AfterCommit] = []

    def on_commit(self, callback: AfterCommit) -> None:
        self._after_commit.append(callback)

    def lend_to(self, versions: Toucher | None) -> None:
        """A method, not an attribute: the pool hands out proxies that forward only calls."""
        self.versions = versions

    def touch(self, name: str) -> None:
        """Values cached on `name` (core/versioned.py) stop being served once this commits."""
        versions = self.versions
        if versions is not None:
            self.on_commit(lambda: versions.touch(name))

    def take_after_commit(self) -> list[AfterCommit]:
        callbacks, self._after_commit = self._after_commit, []
        return callbacks

    def get_reset_query(self) -> str:
        """No reset round trip when the pool takes a connection back. asyncpg's default (unlock
        advisory locks, CLOSE ALL, UNLISTEN *, RESET ALL) guards against session state that this
        app never leaves behind on pooled connections: its locks are `pg_advisory_xact_lock`, it
        sets no session settings, neither LISTENs nor holds cursors, and the pool still rolls back
        an open transaction before it asks for this query."""
        return ""


class Database(Protocol):
    def acquire(self) -> Any: ...

    async def close(self) -> None: ...


SLOW_QUERY_SECONDS = 0.5


def _log_slow_query(query: Any) -> None:
    DB_QUERIES.inc()
    if query.elapsed >= SLOW_QUERY_SECONDS:
        SLOW_QUERIES.inc()
        log.warning("slow query (%.3f s): %s", query.elapsed, " ".join(query.query.split())[:300])


async def _init_connection(conn: asyncpg.Connection) -> None:
    conn.add_query_logger(_log_slow_query)
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=lambda v: msgspec.json.encode(v).decode(),
            decoder=msgspec.json.decode,
        )


async def create_pool(dsn: str, *, min_size: int = 2, max_size: int = 20) -> asyncpg.Pool:
    return await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, connection_class=Connection,
        init=_init_connection, command_timeout=30,
    )


async def run_after_commit(callbacks: list[AfterCommit]) -> None:
    """Events are best effort once the data is safe: a failed publish is logged, never raised."""
    for callback in callbacks:
        try:
            await callback()
        except Exception:
            log.exception("after-commit callback failed")


class DatabaseUnavailable(RuntimeError):
    """PostgreSQL cannot be reached or is restarting."""


_UNREACHABLE = (OSError, asyncio.TimeoutError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError,
                asyncpg.exceptions.OperatorInterventionError, asyncpg.TooManyConnectionsError)


@asynccontextmanager
async def transaction(db: Database) -> AsyncIterator[Connection]:
    """Run a unit of work; callbacks registered with `conn.on_commit` run after it commits."""
    async with AsyncExitStack() as stack:
        try:
            conn = await stack.enter_async_context(db.acquire())
            tx = conn.transaction()
            await tx.start()
        except _UNREACHABLE as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        try:
            yield conn
        except BaseException:
            await tx.rollback()
            conn.take_after_commit()
            raise
        await tx.commit()
        await run_after_commit(conn.take_after_commit())


@asynccontextmanager
async def single_statement(db: Database) -> AsyncIterator[Connection]:
    """A unit of work whose writes are one statement, which PostgreSQL commits by itself: no BEGIN
    and COMMIT round trips. Its reads see what a READ COMMITTED transaction would (each statement
    takes a new snapshot there too); what must hold together goes into that one statement. The
    callbacks registered after it run when the block ends, also when it ends with an error (the
    statement had committed), unless a surrounding transaction rolls the block back as a savepoint."""
    async with AsyncExitStack() as stack:
        try:
            conn = await stack.enter_async_context(db.acquire())
        except _UNREACHABLE as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        nested = conn.is_in_transaction()  # a connection lent inside a transaction
        if nested:
            await stack.enter_async_context(conn.transaction())
        try:
            yield conn
        except Exception:
            callbacks = [] if nested else conn.take_after_commit()
            conn.take_after_commit()
            await run_after_commit(callbacks)
            raise
        except BaseException:
            conn.take_after_commit()
            raise
        callbacks = conn.take_after_commit()
    await run_after_commit(callbacks)


async def provide_connection(state: State) -> AsyncGenerator[Connection, None]:
    async with transaction(state.db) as conn:
        yield conn
