"""Which instance owns a media room: a Redis key per room, claimed with SET NX and a TTL.

A room's peers live in one process, so every WHIP/WHEP POST for it must reach that process.
The first instance to create the room claims ``{prefix}:{media-owner}:{room}`` with its own base
URL; the claim is refreshed while the room lives and deleted when it ends. A claim whose
owner died lapses after the TTL and the next instance claims the room anew.

Without Redis there is one instance, which owns every room. When Redis cannot be reached the
instance serves the room itself (media rooms are fleeting; a lost claim is re-made by the
next refresh once Redis is back).
"""

import logging

from redis.exceptions import RedisError

from core.redis_client import RedisClient
from media.rooms import Room

logger = logging.getLogger(__name__)

# KEYS[1] the claim; ARGV: our URL, TTL in ms. Returns the owner's URL (ours when we claimed).
_CLAIM = """
local owner = redis.call('GET', KEYS[1])
if not owner then
  redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
  return ARGV[1]
end
if owner == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return owner
"""
# KEYS: claims of the rooms alive here. Re-made when lost (expired, or Redis restarted empty);
# returns the keys another instance holds.
_REFRESH = """
local taken = {}
for _, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if not owner then redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
  elseif owner == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2])
  else table.insert(taken, key) end
end
return taken
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RoomOwners:
    def __init__(self, redis: RedisClient | None, *, prefix: str, url: str, ttl: float) -> None:
        self.url = url.rstrip("/")
        self._redis = redis
        self._prefix = f"{prefix}:{{media-owner}}:"  # one hash tag: the refresh script's keys share a shard
        self._ttl_ms = max(1, int(ttl * 1000))
        self._claim = redis.register_script(_CLAIM) if redis is not None else None
        self._refresh = redis.register_script(_REFRESH) if redis is not None else None
        self._release = redis.register_script(_RELEASE) if redis is not None else None

    def key(self, room: Room) -> str:
        return self._prefix + room.name

    async def claim(self, room: Room) -> str | None:
        """None when this instance serves the room (it claimed it or holds it); else the
        owner's base URL."""
        if self._claim is None:
            return None
        try:
            owner = await self._claim(keys=[self.key(room)], args=[self.url, self._ttl_ms])
        except RedisError:
            logger.warning("media: cannot reach Redis to claim %s; serving it here", room.name)
            return None
        owner = owner.decode() if isinstance(owner, bytes) else str(owner)
        return None if owner == self.url else owner

    async def refresh(self, rooms: list[Room]) -> None:
        if self._refresh is None or not rooms:
            return
        taken = await self._refresh(keys=[self.key(r) for r in rooms], args=[self.url, self._ttl_ms])
        for key in taken:
            logger.warning("media: %s lives here but another instance claimed it", key)

    async def release(self, room: Room) -> None:
        if self._release is None:
            return
        try:
            await self._release(keys=[self.key(room)], args=[self.url])
        except RedisError:
            logger.warning("media: cannot reach Redis to release %s; its claim lapses", room.name)
