"""Who is online, and how many watch each room.

A model is online while its Redis key lives: `POST /api/model/me/status` sets it (TTL
`presence_ttl`), heartbeats of the instance holding the model's WebSocket keep it alive, and a
reconciler on every instance turns models whose key expired (their instance died) offline in
PostgreSQL and announces it. Viewer counts are per instance in a Redis hash per room, summed
and published to the room at most once per `viewers_every`."""

from __future__ import annotations

import asyncio
import collections
import time
import uuid

from core.db import Connection, Database, transaction
from core.events import EventBus
from core.jobs import Periodic
from core.redis_client import RedisClient
from realtime import queries
from realtime.broker import Broker
from realtime.channels import channel
from realtime.frames import Presence as PresenceFrame
from realtime.frames import Viewers, encode

# One hash per room, a field per instance: `count:deadline_ms`. An instance refreshes its fields
# with its heartbeat; a field past its deadline (its instance died) is dropped. Every key shares
# the room's hash tag, so on a cluster the script runs on one shard. Returns -1 (the sum is the
# last one announced), -2 (announced too recently: try again later) or the sum to announce.
_VIEWERS_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. string.format('%d', now + tonumber(ARGV[3])))
else redis.call('HDEL', KEYS[1], ARGV[1]) end
local sum = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local count, deadline = string.match(fields[i + 1], '^(%d+):(%d+)$')
  if count and tonumber(deadline) > now then sum = sum + tonumber(count)
  else redis.call('HDEL', KEYS[1], fields[i]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if redis.call('GET', KEYS[2]) == tostring(sum) then return -1 end
if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[4]) then return -2 end
redis.call('SET', KEYS[2], tostring(sum), 'PX', ARGV[5])
return sum
"""


class PresenceTracker:
    def __init__(self, *, db: Database, redis: RedisClient | None, broker: Broker, events: EventBus,
                 prefix: str, ttl: float, reconcile_every: float, viewers_every: float) -> None:
        self.db, self.redis, self.broker, self.events = db, redis, broker, events
        self.ttl, self.reconcile_every, self.viewers_every = ttl, reconcile_every, viewers_every
        self.instance = uuid.uuid4().hex[:12]
        self._key = f"{prefix}:presence:"
        self._viewers_key = f"{prefix}:viewers:"
        self._viewers_script = redis.register_script(_VIEWERS_LUA) if redis is not None else None
        self._local_expiry: dict[int, float] = {}
        self.connected_models: collections.Counter[int] = collections.Counter()
        self.viewers: collections.Counter[str] = collections.Counter()
        self._dirty: set[str] = set()
        self._published: dict[str, tuple[int, float]] = {}
        self._loops: list[Periodic] = []

    # --- models ----------------------------------------------------------------------------

    async def set_status(self, conn: Connection, model_id: int, online: bool) -> bool:
        """The explicit toggle. Returns the new state; the change is announced after commit."""
        if online:
            await self._refresh([model_id], create=True)
        elif self.redis is not None:
            await self.redis.delete(f"{self._key}{model_id}")
        else:
            self._local_expiry.pop(model_id, None)
        row = await queries.set_model_online(conn, model_id, online)
        if row is not None:
            self.events.after_commit(conn, channel("presence"), PresenceFrame(
                model_id=model_id, online=online, last_seen_at=row["last_seen_at"]))
        return online

    async def _refresh(self, model_ids: list[int], *, create: bool) -> None:
        """Extends the TTL of online models; `create` also makes the key (the toggle)."""
        ms = int(self.ttl * 1000)
        if self.redis is None:
            deadline = time.monotonic() + self.ttl
            for model_id in model_ids:
                if create or model_id in self._local_expiry:
                    self._local_expiry[model_id] = deadline
            return
        if not model_ids:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for model_id in model_ids:
                if create:
                    pipe.set(f"{self._key}{model_id}", self.instance, px=ms)
                else:
                    pipe.pexpire(f"{self._key}{model_id}", ms)
            await pipe.execute()

    async def _alive(self, model_ids: list[int]) -> list[bool]:
        if self.redis is None:
            now = time.monotonic()
            return [self._local_expiry.get(m, 0) > now for m in model_ids]
        async with self.redis.pipeline(transaction=False) as pipe:
            for model_id in model_ids:
                pipe.exists(f"{self._key}{model_id}")
            return [bool(n) for n in await pipe.execute()]

    async def reconcile(self) -> list[int]:
        """Models marked online whose key has expired go offline (and are announced)."""
        async with self.db.acquire() as conn:
            online = await queries.online_model_ids(conn)
        if not online:
            return []
        gone = [m for m, alive in zip(online, await self._alive(online), strict=True) if not alive]
        if not gone:
            return []
        async with transaction(self.db) as conn:
            for row in await queries.mark_offline(conn, gone):
                self.events.after_commit(conn, channel("presence"), PresenceFrame(
                    model_id=row["id"], online=False, last_seen_at=row["last_seen_at"]))
        return gone

    def hold(self, model_id: int) -> None:
        """This instance now heartbeats for the model (its socket is here, or it is on air)."""
        self.connected_models[model_id] += 1

    def release(self, model_id: int) -> None:
        self.connected_models[model_id] -= 1
        if self.connected_models[model_id] <= 0:
            del self.connected_models[model_id]

    # --- viewers ---------------------------------------------------------------------------

    def viewers_changed(self, room: str, delta: int) -> None:
        """Hub listener, and the call for the media relay: `delta` viewers joined (or left)."""
        self.viewers[room] += delta
        if self.viewers[room] <= 0:
            del self.viewers[room]
        self._dirty.add(room)

    async def flush_viewers(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for room in dirty:
            if not await self._publish_viewers(room):
                self._dirty.add(room)

    async def _publish_viewers(self, room: str) -> bool:
        count = self.viewers.get(room, 0)
        name = channel("room", room)
        if self._viewers_script is None:
            last, at = self._published.get(room, (-1, 0.0))
            if last == count:
                return True
            if time.monotonic() - at < self.viewers_every:
                return False
            self._published[room] = (count, time.monotonic())
            await self.broker.publish(name, encode(Viewers(room=room, count=count)))
            return True
        key = f"{self._viewers_key}{{{name}}}"
        found = int(await self._viewers_script(
            keys=[key, f"{key}:last", f"{key}:gate"],
            args=[self.instance, count, int(self.ttl * 1000), int(self.viewers_every * 1000),
                  int(max(self.ttl, 60) * 1000)]))
        if found >= 0:
            await self.broker.publish(name, encode(Viewers(room=room, count=found)))
        return found != -2

    # --- loops -----------------------------------------------------------------------------

    def start(self) -> None:
        self._loops = [Periodic(self.ttl / 3, self._heartbeat, name="presence-heartbeat"),
                       Periodic(self.reconcile_every, self.reconcile, name="presence-reconcile"),
                       Periodic(self.viewers_every / 2, self.flush_viewers, name="presence-viewers")]
        for loop in self._loops:
            loop.start()

    async def stop(self) -> None:
        await asyncio.gather(*(loop.stop() for loop in self._loops))

    async def _heartbeat(self) -> None:
        """Keeps this instance's models online and its viewer counts counted."""
        await self._refresh(list(self.connected_models), create=False)
        self._dirty.update(self.viewers)
