"""Periodic jobs that live as long as the app: one task each, stopped at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]


class Periodic:
    """Runs `job` every `interval_s` seconds between `start()` and `stop()`; <= 0 turns it off.
    A failing run is logged and the next one still happens.

    `stop()` sets a flag before it cancels: a cancellation that lands inside a job can be
    swallowed by the client library the job awaits (a cancel racing a reply), and a loop that
    only listened for cancellation would then run on while `stop()` waited for it forever."""

    def __init__(self, interval_s: float, job: Job, *, name: str) -> None:
        self.interval_s, self.job, self.name = interval_s, job, name
        self._stopped = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.interval_s > 0:
            self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        self._stopped.set()
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.interval_s):
                    await self._stopped.wait()
            if self._stopped.is_set():
                return
            try:
                await self.job()
            except Exception:
                log.exception("%s failed; next run in %.0f s", self.name, self.interval_s)


@asynccontextmanager
async def every(interval_s: float, job: Job, *, name: str) -> AsyncIterator[None]:
    """`Periodic` for as long as the context is open."""
    periodic = Periodic(interval_s, job, name=name)
    periodic.start()
    try:
        yield
    finally:
        await periodic.stop()
