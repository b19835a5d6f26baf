"""The lean protocol's inbox and writable flag behave as the asyncio.Queue and asyncio.Event they
replace: order kept, waiters woken, nothing lost to a reader cancelled while it wakes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from realtime.uvicorn_ws import Gate, Inbox


async def waiting(call: Callable[[], Awaitable[Any]]) -> asyncio.Future[Any]:
    """`call()` in a task, returned once that task is parked inside it: the task sets `entered`
    and goes straight into `call()` in the same step, which ends only where `call()` waits."""
    entered = asyncio.Event()

    async def run() -> Any:
        entered.set()
        return await call()

    task = asyncio.ensure_future(run())
    await entered.wait()
    return task


async def test_inbox_hands_items_over_in_order_to_a_waiting_reader() -> None:
    inbox = Inbox()
    reader = await waiting(inbox.get)
    assert not reader.done()
    inbox.put_nowait(1)
    inbox.put_nowait(2)
    assert await asyncio.wait_for(reader, 1) == 1
    assert not inbox.empty()
    assert await asyncio.wait_for(inbox.get(), 1) == 2
    assert inbox.empty()


async def test_an_item_survives_a_reader_cancelled_as_it_wakes() -> None:
    inbox = Inbox()
    reader = await waiting(inbox.get)
    inbox.put_nowait("kept")
    reader.cancel()
    await asyncio.gather(reader, return_exceptions=True)
    assert await asyncio.wait_for(inbox.get(), 1) == "kept"


async def test_two_readers_each_get_one_item() -> None:
    inbox = Inbox()
    readers = [await waiting(inbox.get) for _ in range(2)]
    inbox.put_nowait("a")
    inbox.put_nowait("b")
    assert sorted(await asyncio.wait_for(asyncio.gather(*readers), 1)) == ["a", "b"]


async def test_gate_holds_writers_until_set_and_wakes_them_all() -> None:
    gate = Gate()
    assert await asyncio.wait_for(gate.wait(), 1)
    gate.clear()
    writers = [await waiting(gate.wait) for _ in range(3)]
    assert not any(w.done() for w in writers)
    gate.set()
    assert await asyncio.wait_for(asyncio.gather(*writers), 1) == [True, True, True]
    assert gate.is_set()
