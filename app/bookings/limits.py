"""Hold attempts per user: a token bucket (core.ratelimit) holding a minute's attempts and refilled
over the minute, in Redis so every instance shares it."""

from __future__ import annotations

import math

from app.errors import Problem
from core.ratelimit import TokenBucket
from core.redis_client import RedisClient


def attempt_limiter(redis: RedisClient | None, namespace: str, *, per_minute: int) -> TokenBucket:
    """The attempts of one turn of the event loop (a burst of holds refused together,
    app/bookings/races.py) reach Redis as one call."""
    return TokenBucket(redis, prefix=f"pnp:booking:attempts:{namespace}", burst=per_minute,
                       per_second=per_minute / 60)


async def count_attempt(limits: TokenBucket, user_id: int) -> None:
    """Count one attempt; 429 problem with Retry-After once the user's minute of attempts is spent."""
    wait_ms = await limits.take(user_id)
    if wait_ms:
        retry = max(1, math.ceil(wait_ms / 1000))
        raise Problem(429, f"too many booking attempts; at most {limits.burst} a minute",
                      headers={"Retry-After": str(retry)}, retry_after=retry)
