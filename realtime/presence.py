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

from redis.asyncio import Redis

from app.background import Periodic
from app.db import Connection, Database, transaction
from app.events import EventBus
from realtime import queries
from realtime.broker import Broker
from realtime.channels import channel
from realtime.frames import Presence as PresenceFrame
from realtime.frames import Viewers, encode

_VIEWERS_LUA = """
if tonumber(ARGV[2]) > 0 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
else redis.call('HDEL', KEYS[1], ARGV[1]) end
local sum = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if redis.call('EXISTS', ARGV[3] .. fields[i]) == 1 or fields[i] == ARGV[1] then
    sum = sum + tonumber(fields[i + 1])
  else redis.call('HDEL', KEYS[1], fields[i]) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
if redis.call('GET', KEYS[2]) == tostring(sum) then return 1 end
if not redis.call('SET', KEYS[2] .. ':gate', '1', 'NX', 'PX', ARGV[6]) then return 0 end
redis.call('SET', KEYS[2], tostring(sum), 'PX', ARGV[7])
redis.call('PUBLISH', ARGV[4], '{"type":"viewers","room":' .. ARGV[5] .. ',"count":' .. sum .. '}')
return 1
"""


class PresenceTracker:
    def __init__(self, *, db: Database, redis: Redis | None, broker: Broker, events: EventBus,
                 prefix: str, ttl: float, reconcile_every: float, viewers_every: float) -> None:
        self.db, self.redis, self.broker, self.events = db, redis, broker, events
        self.ttl, self.reconcile_every, self.viewers_every = ttl, reconcile_every, viewers_every
        self.instance = uuid.uuid4().hex[:12]
        self._key = f"{prefix}:presence:"
        self._instance_key = f"{prefix}:instance:"
        self._viewers_key = f"{prefix}:viewers:"
        self._channel_prefix = f"{prefix}:ch:"
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
        async with self.redis.pipeline(transaction=False) as pipe:
            for model_id in model_ids:
                if create:
                    pipe.set(f"{self._key}{model_id}", self.instance, px=ms)
                else:
                    pipe.pexpire(f"{self._key}{model_id}", ms)
            pipe.set(f"{self._instance_key}{self.instance}", "1", px=ms)
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
        key = f"{self._viewers_key}{room}"
        return bool(await self._viewers_script(
            keys=[key, f"{key}:last"],
            args=[self.instance, count, self._instance_key, self._channel_prefix + name,
                  encode(room), int(self.viewers_every * 1000), int(max(self.ttl, 60) * 1000)]))

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
        await self._refresh(list(self.connected_models), create=False)
