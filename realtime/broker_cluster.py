"""Fan-out on a Redis Cluster: sharded pub/sub, so each room's traffic touches one shard.

SPUBLISH goes to the primary that owns the channel's slot. Each instance keeps one raw reader
per primary, SSUBSCRIBEd to exactly the channels that have local subscribers there: SSUBSCRIBE
takes no patterns, so the hub reports a channel's first and last local subscriber
(`interest`). The channel is hash-tagged like its resume stream (`{prefix}:ch:{room:…}` and
`{prefix}:stream:{room:…}`), so one script appends and publishes on one shard."""

from __future__ import annotations

import asyncio
import collections
import logging

from redis.asyncio.cluster import ClusterNode, RedisCluster

from realtime.broker import Dispatch, RedisBroker, Resubscribed, command, open_raw, subscriber_replies

log = logging.getLogger(__name__)
READY_TIMEOUT = 5.0


class _Shard:
    """One primary: a connection, the channels wanted there, and the (S)SUBSCRIBE replies still
    due, in order, each with the waiter it releases."""

    __slots__ = ("address", "channels", "due", "name", "task", "writer")

    def __init__(self, node: ClusterNode) -> None:
        self.name = node.name
        self.address = (node.host, int(node.port))
        self.channels: set[str] = set()
        self.due: collections.deque[tuple[bytes, asyncio.Future[None] | None]] = collections.deque()
        self.writer: asyncio.StreamWriter | None = None
        self.task: asyncio.Task[None] | None = None


class ShardedRedisBroker(RedisBroker):
    publish_command = "SPUBLISH"

    def __init__(self, redis: RedisCluster, *, prefix: str, max_messages: int, max_age: float,
                 on_resubscribed: Resubscribed | None = None) -> None:
        super().__init__(redis, prefix=prefix, max_messages=max_messages, max_age=max_age,
                         on_resubscribed=on_resubscribed)
        self._cluster = redis
        self._dispatch: Dispatch | None = None
        self._shards: dict[str, _Shard] = {}
        self._lost: set[_Shard] = set()
        self._waiters: dict[str, asyncio.Future[None]] = {}
        self._regroup: asyncio.Task[None] | None = None
        self._backoff = 0.1

    def wire(self, channel: str) -> str:
        return f"{self._channel_prefix}{{{channel}}}"

    def shard_of(self, channel: str) -> ClusterNode:
        """The primary that carries `channel` (and its stream)."""
        return self._cluster.nodes_manager.get_node_from_slot(self._cluster.keyslot(self.wire(channel)))

    async def start(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch
        await self._cluster.initialize()

    async def stop(self) -> None:
        tasks = [s.task for s in self._shards.values() if s.task is not None]
        if self._regroup is not None:
            tasks.append(self._regroup)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._shards.clear()
        self._dispatch = None

    async def publish(self, channel: str, data: bytes) -> None:
        await self._cluster.spublish(self.wire(channel), data)

    def interest(self, channel: str, wanted: bool) -> None:
        if self._dispatch is None:  # stopped: sockets closing late have nothing to leave
            return
        shard = self._shard(self.shard_of(channel))
        if wanted:
            shard.channels.add(channel)
            waiter = self._waiters[channel] = asyncio.get_running_loop().create_future()
            self._send(shard, b"SSUBSCRIBE", channel, waiter)
        else:
            shard.channels.discard(channel)
            self._waiters.pop(channel, None)
            self._send(shard, b"SUNSUBSCRIBE", channel, None)

    async def ready(self, channel: str) -> None:
        waiter = self._waiters.get(channel)
        if waiter is None or waiter.done():
            return
        try:
            await asyncio.wait_for(asyncio.shield(waiter), READY_TIMEOUT)
        except TimeoutError:
            log.warning("realtime: no SSUBSCRIBE confirmation for %s yet; going on", channel)

    def _unready(self, channels: set[str] | list[str]) -> None:
        """Until they are subscribed again, `ready` waits for these channels."""
        loop = asyncio.get_running_loop()
        for channel in channels:
            waiter = self._waiters.get(channel)
            if waiter is None or waiter.done():
                self._waiters[channel] = loop.create_future()

    def _shard(self, node: ClusterNode) -> _Shard:
        shard = self._shards.get(node.name)
        if shard is None:
            shard = self._shards[node.name] = _Shard(node)
            shard.task = asyncio.create_task(self._follow(shard), name=f"realtime-shard-{node.name}")
        return shard

    def _send(self, shard: _Shard, verb: bytes, channel: str, waiter: asyncio.Future[None] | None) -> None:
        """Written now if the shard is connected; otherwise its connection subscribes on arrival."""
        if shard.writer is not None:
            wire = self.wire(channel).encode()
            shard.writer.write(command([verb, wire]))
            shard.due.append((wire, waiter))

    async def _follow(self, shard: _Shard) -> None:
        try:
            await self._read_shard(shard)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("realtime: shard %s:%s subscription lost (%s); regrouping in %.1fs",
                        *shard.address, exc, self._backoff)
            self._unready(shard.channels)
            self._lost.add(shard)
            if self._regroup is None or self._regroup.done():
                self._regroup = asyncio.create_task(self._regroup_shards(), name="realtime-shard-regroup")

    async def _regroup_shards(self) -> None:
        """After a lost connection, MOVED or a slot migrated away: fetch the slot map again and
        give the lost shards' channels to the primaries that own them now. Shards that kept their
        connection keep it: only the lost channels' subscribers missed anything."""
        while self._lost:
            await asyncio.sleep(self._backoff)
            self._backoff = min(self._backoff * 2, 5.0)
            try:
                await self._cluster.nodes_manager.initialize()
            except Exception as exc:
                log.warning("realtime: cluster slots unavailable (%s)", exc)
                continue
            lost, self._lost = self._lost, set()
            channels = {c for shard in lost for c in shard.channels}
            for shard in lost:
                if self._shards.get(shard.name) is shard:
                    del self._shards[shard.name]
            for channel in channels:
                shard = self._shard(self.shard_of(channel))
                shard.channels.add(channel)
                self._send(shard, b"SSUBSCRIBE", channel, self._waiters.get(channel))
            if self._on_resubscribed is not None:
                self._on_resubscribed(channels)

    async def _read_shard(self, shard: _Shard) -> None:
        reader, writer = await open_raw(*shard.address, self._cluster.connection_kwargs)
        try:
            shard.due.clear()
            shard.writer = writer
            for channel in shard.channels:
                waiter = self._waiters.get(channel)
                self._send(shard, b"SSUBSCRIBE", channel, None if waiter is None or waiter.done() else waiter)
            cut = len(self._channel_prefix) + 1
            async for replies in subscriber_replies(reader):
                for message in replies:
                    kind = message[0]
                    if kind == b"smessage" and self._dispatch is not None:
                        self._dispatch(message[1][cut:-1].decode(), message[2])
                    elif kind in (b"ssubscribe", b"sunsubscribe"):
                        self._confirm(shard, message[1])
        finally:
            shard.writer = None
            writer.close()

    def _confirm(self, shard: _Shard, wire: bytes) -> None:
        if not shard.due or shard.due[0][0] != wire:
            raise ConnectionError(f"unrequested unsubscribe from {wire!r}: its slot has moved")
        _, waiter = shard.due.popleft()
        self._backoff = 0.1
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

