"""Without Redis, core/kv.py keeps keys in process: a key is gone once its TTL has passed, and
past the bound the least recently written key is dropped first."""

from __future__ import annotations

import pytest

from core.kv import MemoryKeyValue


async def test_a_key_is_gone_once_its_ttl_has_passed() -> None:
    now = [100.0]
    kv = MemoryKeyValue(clock=lambda: now[0])
    await kv.set("k", b"v", px=1500)
    now[0] = 101.499
    assert await kv.get("k") == b"v"
    now[0] = 101.5
    assert await kv.get("k") is None


async def test_past_the_bound_the_oldest_write_is_dropped() -> None:
    kv = MemoryKeyValue(max_keys=3)
    for key in ("a", "b", "c"):
        await kv.set(key, key.encode(), px=60_000)
    await kv.set("a", b"again", px=60_000)
    await kv.set("d", b"d", px=60_000)
    assert [await kv.get(k) for k in ("a", "b", "c", "d")] == [b"again", None, b"c", b"d"]


async def test_a_ttl_under_a_millisecond_is_refused() -> None:
    with pytest.raises(ValueError, match="px"):
        await MemoryKeyValue().set("k", b"v", px=0)
