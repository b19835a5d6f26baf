"""core.jobs.Periodic: jobs repeat through failures, and stop() always ends the loop."""

from __future__ import annotations

import asyncio
import contextlib

from core.jobs import Periodic


async def test_stop_ends_a_loop_whose_job_swallowed_the_cancellation():
    inside = asyncio.Event()

    async def job() -> None:
        inside.set()
        with contextlib.suppress(asyncio.CancelledError):  # as a client library may, racing a reply
            await asyncio.Event().wait()

    periodic = Periodic(0.001, job, name="swallows")
    periodic.start()
    await inside.wait()
    async with asyncio.timeout(5):
        await periodic.stop()


async def test_a_failing_run_is_followed_by_the_next():
    runs: list[int] = []
    second = asyncio.Event()

    async def job() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("first run fails")
        second.set()

    periodic = Periodic(0.001, job, name="fails-once")
    periodic.start()
    async with asyncio.timeout(5):
        await second.wait()
    await periodic.stop()
    assert runs[:2] == [0, 1]

