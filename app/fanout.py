"""Fan-out between instances: Litestar channels on Redis, or in-process without REDIS_URL."""

from __future__ import annotations

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from redis.asyncio import Redis


def create_redis(url: str | None) -> Redis | None:
    return None if url is None else Redis.from_url(url)


def create_channels(redis: Redis | None) -> ChannelsPlugin:
    backend = (MemoryChannelsBackend() if redis is None
               else RedisChannelsPubSubBackend(redis=redis, key_prefix="pnp_channels"))
    return ChannelsPlugin(backend=backend, arbitrary_channels_allowed=True,
                          subscriber_max_backlog=1000, subscriber_backlog_strategy="dropleft")
