"""Lookups made in the same turn of the event loop reach the loader together, answered in order."""

import asyncio

import pytest

from core.batching import Batched


async def test_concurrent_loads_share_one_call_and_get_their_own_answers() -> None:
    calls: list[list[int]] = []

    async def squares(keys: list[int]) -> list[int]:
        calls.append(keys)
        return [k * k for k in keys]

    batched = Batched(squares)
    assert await asyncio.gather(*(batched.load(k) for k in (3, 1, 2))) == [9, 1, 4]
    assert await batched.load(5) == 25
    assert calls == [[3, 1, 2], [5]]


async def test_a_failed_load_fails_every_caller_of_its_batch() -> None:
    async def broken(keys: list[int]) -> list[int]:
        raise ConnectionError("database went away")

    batched = Batched(broken)
    results = await asyncio.gather(batched.load(1), batched.load(2), return_exceptions=True)
    assert [type(r) for r in results] == [ConnectionError, ConnectionError]


async def test_a_loader_answering_too_few_fails_instead_of_misaligning() -> None:
    async def short(keys: list[int]) -> list[int]:
        return keys[:1]

    batched = Batched(short)
    with pytest.raises(RuntimeError, match="answered 1 of 2"):
        await asyncio.gather(batched.load(1), batched.load(2))
