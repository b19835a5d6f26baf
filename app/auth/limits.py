"""Sign-in attempts per client address (brute force, token farming): a guard on a token bucket
(core.ratelimit) holding a minute's attempts and refilled over the minute."""

from __future__ import annotations

import math
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from app.errors import Problem
from core.ratelimit import TokenBucket
from core.redis_client import RedisClient


def sign_in_limit(redis: RedisClient | None, *, per_minute: int) -> Guard:
    bucket = TokenBucket(redis, prefix="pnp:auth:sign-in", burst=per_minute, per_second=per_minute / 60)

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        wait_ms = await bucket.take(connection.client.host if connection.client else "unknown")
        if wait_ms:
            retry = max(1, math.ceil(wait_ms / 1000))
            raise Problem(429, f"too many sign-in attempts from this address; try again in {retry} s",
                          type_="/problems/too-many-sign-ins", headers={"Retry-After": str(retry)},
                          retry_after=retry)

    return guard
