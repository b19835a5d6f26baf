"""Holds of one slot racing inside one process (decision 0013).

When two hundred clients press "book" on the same slot, all but one must lose, and the exclusion
constraint decides which one wins. Sending every loser through a transaction of its own only to be
told so costs each of them a pool connection, four round trips and a wait on the winner's row
lock. Instead, the first hold of a slot in this process leads: it runs the whole hold. The holds
of that slot that arrive while it runs follow: they wait for its verdict, and when the verdict
holds for anyone asking for that slot (the leader won, so the slot is taken; or the slot was
refused as taken, past, misaligned and so on) they are answered with it. A verdict that depends
on the leader itself (its own limits, its replayed key, an error) decides nothing: the followers
then run the whole hold themselves. Nothing is ever granted this way, only refused, so the
exclusion constraint stays the only judge of a win; other processes and instances race through
the database as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import asyncpg

from app.availability.engine import Refusal
from app.bookings import queries
from core.batching import Batched
from core.db import Database

Slot = tuple[int, datetime, int, tuple[str, ...]]
"""model, start (UTC), minutes, and the profile visibilities the user may see."""


class SharedRefusal:
    """Set once by the leader: a refusal every follower gets, or None (each follower decides)."""

    def __init__(self) -> None:
        self.refusal: Refusal | None = None


class _Lead:
    def __init__(self) -> None:
        self.verdict: asyncio.Future[Refusal | None] = asyncio.get_running_loop().create_future()
        self.followers = 0


class HoldRaces:
    """Also looks up the followers' Idempotency-Keys, all those woken by one verdict in one query."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._leads: dict[Slot, _Lead] = {}
        self._replays: Batched[tuple[int, str], asyncpg.Record | None] = Batched(self._load_replays)
        self._watchers: dict[Slot, list[tuple[int, asyncio.Future[None]]]] = {}

    def following(self, slot: Slot) -> int | None:
        """How many holds wait on the one leading `slot`; None when none leads."""
        lead = self._leads.get(slot)
        return None if lead is None else lead.followers

    async def followed(self, slot: Slot, count: int) -> None:
        """Returns once a hold leads `slot` with at least `count` followers (what tests wait on)."""
        future = asyncio.get_running_loop().create_future()
        watcher = (count, future)
        self._watchers.setdefault(slot, []).append(watcher)
        self._changed(slot)
        try:
            await future
        finally:
            self._watchers[slot].remove(watcher)
            if not self._watchers[slot]:
                del self._watchers[slot]

    def _changed(self, slot: Slot) -> None:
        lead = self._leads.get(slot)
        if lead is None:
            return
        for count, future in self._watchers.get(slot, ()):
            if lead.followers >= count and not future.done():
                future.set_result(None)

    async def verdict(self, slot: Slot) -> Refusal | None:
        """The refusal of the hold leading on `slot` once it ends; None if none leads."""
        lead = self._leads.get(slot)
        if lead is None:
            return None
        lead.followers += 1
        self._changed(slot)
        return await asyncio.shield(lead.verdict)

    async def replay(self, client_id: int, key: str) -> asyncpg.Record | None:
        """The booking `client_id` already made with `key` (`queries.by_idempotency_key`)."""
        return await self._replays.load((client_id, key))

    async def _load_replays(self, keys: list[tuple[int, str]]) -> list[asyncpg.Record | None]:
        async with self._db.acquire() as conn:  # one statement: no transaction
            return await queries.by_idempotency_keys(conn, keys)

    @contextmanager
    def lead(self, slot: Slot | None) -> Iterator[SharedRefusal]:
        """Leads `slot` unless another hold already does (then only the yielded verdict is unused).
        Whatever ends the block without a verdict (an error, a cancelled request) frees the
        followers to decide for themselves."""
        verdict = SharedRefusal()
        if slot is None or slot in self._leads:
            yield verdict
            return
        lead = self._leads[slot] = _Lead()
        self._changed(slot)
        try:
            yield verdict
        finally:
            del self._leads[slot]
            lead.verdict.set_result(verdict.refusal)
