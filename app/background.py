"""Periodic jobs that live as long as the app: one task each, cancelled at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

log = logging.getLogger(__name__)


@asynccontextmanager
async def every(interval_s: float, job: Callable[[], Awaitable[object]], *, name: str) -> AsyncIterator[None]:
    """Runs `job` every `interval_s` seconds while the context is open; <= 0 turns it off.
    A failing run is logged and the next one still happens."""
    if interval_s <= 0:
        yield
        return

    async def loop() -> None:
        while True:
            await asyncio.sleep(interval_s)
            try:
                await job()
            except Exception:
                log.exception("%s failed; next run in %.0f s", name, interval_s)

    task = asyncio.create_task(loop(), name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
