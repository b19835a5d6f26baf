"""The Redis client shared by fan-out, presence, rate limits and caches (None: in-process only).

With `cluster` the client is redis-py's cluster client: `url` may list several seed nodes,
comma-separated; the rest of the cluster is discovered from them."""

from __future__ import annotations

from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster

RedisClient = Redis | RedisCluster

MAX_CONNECTIONS = 64
"""Commands in flight at once per process; more wait for a free connection (redis-py's default
pool raises "Too many connections" past 100, which a burst of requests reaches)."""
CONNECTION_WAIT_S = 10


def create_redis(url: str | None, *, cluster: bool = False) -> RedisClient | None:
    if url is None:
        return None
    if not cluster:
        return Redis(connection_pool=BlockingConnectionPool.from_url(
            url, max_connections=MAX_CONNECTIONS, timeout=CONNECTION_WAIT_S))
    first, *more = (u.strip() for u in url.split(",") if u.strip())
    seeds = [urlsplit(u) for u in more]
    return RedisCluster.from_url(
        first, startup_nodes=[ClusterNode(s.hostname or "127.0.0.1", s.port or 6379) for s in seeds])
