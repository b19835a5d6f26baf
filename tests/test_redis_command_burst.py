"""A burst of requests that each send a Redis command waits for free connections instead of failing."""

import asyncio
import uuid

from core.redis_client import MAX_CONNECTIONS, create_redis


async def test_more_commands_at_once_than_connections_all_succeed() -> None:
    client = create_redis("redis://127.0.0.1:6379/14")
    assert client is not None
    key = f"pnp:test:burst:{uuid.uuid4().hex}"
    try:
        counts = await asyncio.gather(*(client.incr(key) for _ in range(4 * MAX_CONNECTIONS)))
        assert sorted(counts) == list(range(1, 4 * MAX_CONNECTIONS + 1))
    finally:
        await client.delete(key)
        await client.aclose()
