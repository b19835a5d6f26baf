"""Many concurrent lookups of one kind as one round trip (the DataLoader pattern)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Batched(Generic[K, V]):
    """`load(key)` calls made in the same turn of the event loop reach `load_many` together, which
    answers them in order; its error is every caller's error."""

    def __init__(self, load_many: Callable[[list[K]], Awaitable[list[V]]]) -> None:
        self._load_many = load_many
        self._pending: list[tuple[K, asyncio.Future[V]]] = []
        self._running: set[asyncio.Task[None]] = set()

    async def load(self, key: K) -> V:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[V] = loop.create_future()
        self._pending.append((key, future))
        if len(self._pending) == 1:
            loop.call_soon(self._dispatch)
        return await future

    def _dispatch(self) -> None:
        batch, self._pending = self._pending, []
        task = asyncio.ensure_future(self._run(batch))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, batch: list[tuple[K, asyncio.Future[V]]]) -> None:
        try:
            values = await self._load_many([key for key, _ in batch])
            if len(values) != len(batch):
                raise RuntimeError(f"load_many answered {len(values)} of {len(batch)} keys")
        except BaseException as exc:
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for (_, future), value in zip(batch, values, strict=True):
            if not future.done():
                future.set_result(value)
