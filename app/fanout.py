"""The Redis client shared by fan-out, presence, rate limits and caches (None: in-process only)."""

from __future__ import annotations

from redis.asyncio import Redis


def create_redis(url: str | None) -> Redis | None:
    return None if url is None else Redis.from_url(url)
