"""Transport between instances: Redis pub/sub (one raw reader per instance) plus a Redis Stream
per room for resume; or the same in-process when there is no Redis. On a Redis Cluster see
`realtime.broker_cluster` (sharded pub/sub, a reader per shard)."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol, cast

import hiredis

from core.redis_client import RedisClient
from realtime.frames import with_offset

log = logging.getLogger(__name__)
Dispatch = Callable[[str, bytes], None]
Resubscribed = Callable[[set[str] | None], None]

_CHAT_LUA = """
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'f', ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('XTRIM', KEYS[1], 'MINID', '~', tostring(now - tonumber(ARGV[4])))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call(ARGV[5], ARGV[1], ARGV[2] .. '"' .. id .. '"}')
return id
"""
_HISTORY_LUA = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local maxdel = '0-0'
for i = 1, #info, 2 do if info[i] == 'max-deleted-entry-id' then maxdel = info[i + 1] end end
-- `since` itself is gone but was never trimmed: this stream is a new one (Redis lost the old)
if maxdel ~= ARGV[1] and #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return false end
return {maxdel, redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])}
"""


def parse_offset(offset: str) -> tuple[int, int]:
    """A stream id `ms-seq`; ValueError when it is not one."""
    ms, _, seq = offset.partition("-")
    return int(ms), int(seq or 0)


def stream_key(prefix: str, channel: str) -> str:
    """The resume stream of a channel, hash-tagged with the channel's name: on a cluster it lives
    on the shard that carries the channel, so one script appends and publishes."""
    return f"{prefix}:stream:{{{channel}}}"


class Broker(Protocol):
    async def start(self, dispatch: Dispatch) -> None: ...

    def interest(self, channel: str, wanted: bool) -> None:
        """The hub's call when a channel gains its first (or loses its last) local subscriber."""
        ...

    async def ready(self, channel: str) -> None:
        """Returns once frames published to `channel` from now on reach this instance."""
        ...

    async def stop(self) -> None: ...

    async def publish(self, channel: str, data: bytes) -> None: ...

    async def publish_chat(self, channel: str, prefix: bytes) -> str:
        """Appends to the channel's stream and publishes `prefix + offset`; returns the offset."""
        ...

    async def history(self, channel: str, since: str) -> list[bytes] | None:
        """Frames after `since`, or None when some of them are gone (the client must reset)."""
        ...

    async def recent(self, channel: str, count: int) -> list[bytes]:
        """The last `count` chat frames the channel's stream still holds, oldest first."""
        ...


class MemoryBroker:
    """One instance, no Redis: publish is a function call."""

    def __init__(self, *, max_messages: int, max_age: float) -> None:
        self._dispatch: Dispatch | None = None
        self._max_messages, self._max_age = max_messages, max_age
        self._streams: dict[str, collections.deque[tuple[tuple[int, int], bytes]]] = {}
        self._deleted: dict[str, tuple[int, int]] = {}
        self._last = (0, 0)

    async def start(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch

    async def stop(self) -> None:
        self._dispatch = None

    def interest(self, channel: str, wanted: bool) -> None:
        return None

    async def ready(self, channel: str) -> None:
        return None

    async def publish(self, channel: str, data: bytes) -> None:
        if self._dispatch is not None:
            self._dispatch(channel, data)

    def _trim(self, channel: str, stream: collections.deque[tuple[tuple[int, int], bytes]]) -> None:
        cutoff = int(time.time() * 1000 - self._max_age * 1000)
        while stream and (len(stream) > self._max_messages or stream[0][0][0] < cutoff):
            self._deleted[channel] = stream.popleft()[0]

    async def publish_chat(self, channel: str, prefix: bytes) -> str:
        ms = max(int(time.time() * 1000), self._last[0])
        self._last = (ms, self._last[1] + 1) if ms == self._last[0] else (ms, 0)
        offset = f"{self._last[0]}-{self._last[1]}"
        stream = self._streams.setdefault(channel, collections.deque())
        stream.append((self._last, prefix))
        self._trim(channel, stream)
        await self.publish(channel, with_offset(prefix, offset))
        return offset

    async def history(self, channel: str, since: str) -> list[bytes] | None:
        after = parse_offset(since)
        stream = self._streams.get(channel)
        if not stream:
            return None
        self._trim(channel, stream)
        if self._deleted.get(channel, (0, 0)) > after:
            return None
        return [with_offset(p, f"{i[0]}-{i[1]}") for i, p in stream if i > after]

    async def recent(self, channel: str, count: int) -> list[bytes]:
        stream = self._streams.get(channel)
        if not stream:
            return []
        self._trim(channel, stream)
        return [with_offset(p, f"{i[0]}-{i[1]}") for i, p in list(stream)[-count:]]


class RedisBroker:
    """Publishes with the shared client; reads with one raw PSUBSCRIBE connection parsed by hiredis
    (redis-py's pub/sub costs ~28 µs a message, this a few)."""

    publish_command = "PUBLISH"

    def __init__(self, redis: RedisClient, *, prefix: str, max_messages: int, max_age: float,
                 on_resubscribed: Resubscribed | None = None) -> None:
        """`on_resubscribed(channels)` runs when subscriptions are back after a loss: what was
        published to those channels meanwhile (None: to any) never reached this instance."""
        self._redis = redis
        self._prefix = prefix
        self._on_resubscribed = on_resubscribed
        self._channel_prefix = f"{prefix}:ch:"
        self._max_messages, self._max_age = max_messages, max_age
        self._chat = redis.register_script(_CHAT_LUA)
        self._history = redis.register_script(_HISTORY_LUA)
        self._reader: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self, dispatch: Dispatch) -> None:
        self._ready = asyncio.Event()
        self._reader = asyncio.create_task(self._read_forever(dispatch), name="realtime-redis-reader")
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    def interest(self, channel: str, wanted: bool) -> None:
        return None  # the pattern subscription covers every channel

    async def ready(self, channel: str) -> None:
        return None

    def wire(self, channel: str) -> str:
        """The Redis channel that carries `channel`."""
        return self._channel_prefix + channel

    async def publish(self, channel: str, data: bytes) -> None:
        await self._redis.publish(self.wire(channel), data)

    async def publish_chat(self, channel: str, prefix: bytes) -> str:
        offset = await self._chat(
            keys=[stream_key(self._prefix, channel)],
            args=[self.wire(channel), prefix, self._max_messages, int(self._max_age * 1000),
                  self.publish_command])
        return offset.decode() if isinstance(offset, bytes) else str(offset)

    async def history(self, channel: str, since: str) -> list[bytes] | None:
        after = parse_offset(since)
        if after[0] < time.time() * 1000 - self._max_age * 1000:
            return None
        found = await self._history(keys=[stream_key(self._prefix, channel)],
                                    args=[f"{after[0]}-{after[1]}", self._max_messages])
        if not found:
            return None
        max_deleted, entries = found
        if parse_offset(max_deleted.decode()) > after:
            return None
        return [with_offset(_field(fields, b"f"), entry_id) for entry_id, fields in entries]

    async def recent(self, channel: str, count: int) -> list[bytes]:
        entries = cast(list[tuple[bytes, dict[bytes, bytes]]],
                       await self._redis.xrevrange(stream_key(self._prefix, channel), count=count))
        return [with_offset(fields[b"f"], entry_id) for entry_id, fields in reversed(entries)]

    async def _read_forever(self, dispatch: Dispatch) -> None:
        delay = 0.1
        while True:
            try:
                await self._read(dispatch)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("realtime: Redis subscription lost; reconnecting in %.1fs", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _read(self, dispatch: Dispatch) -> None:
        kwargs = self._redis.connection_pool.connection_kwargs  # type: ignore[union-attr]
        reader, writer = await open_raw(kwargs.get("host", "127.0.0.1"), kwargs.get("port", 6379), kwargs)
        try:
            writer.write(command([b"PSUBSCRIBE", self._channel_prefix.encode() + b"*"]))
            cut = len(self._channel_prefix)
            async for replies in subscriber_replies(reader):
                for message in replies:
                    if message[0] == b"pmessage":
                        dispatch(message[2][cut:].decode(), message[3])
                    elif message[0] == b"psubscribe":
                        if self._ready.is_set() and self._on_resubscribed is not None:
                            self._on_resubscribed(None)
                        self._ready.set()
        finally:
            writer.close()


async def subscriber_replies(reader: asyncio.StreamReader) -> AsyncIterator[list[Any]]:
    """The replies of a subscriber connection, parsed by hiredis, as they arrive (one list per
    read). It ends with ConnectionError when Redis closes the connection or answers an error."""
    parser = hiredis.Reader()
    while True:
        chunk = await reader.read(65536)
        if not chunk:
            raise ConnectionError("Redis closed the subscription")
        parser.feed(chunk)
        replies: list[Any] = []
        while (message := parser.gets()) is not False:
            if isinstance(message, hiredis.ReplyError):
                yield replies
                raise ConnectionError(str(message))
            replies.append(message)
        yield replies


async def open_raw(host: str, port: int, kwargs: dict[str, Any]
                   ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A bare connection for a subscriber, authenticated as the client's own connections are."""
    reader, writer = await asyncio.open_connection(host, port)
    if kwargs.get("password"):
        user = kwargs.get("username")
        writer.write(command([b"AUTH", *([user.encode()] if user else []), kwargs["password"].encode()]))
    return reader, writer


def _field(fields: list[bytes], name: bytes) -> bytes:
    return fields[fields.index(name) + 1]


def command(parts: list[bytes]) -> bytes:
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        out.append(b"$%d\r\n%s\r\n" % (len(part), part))
    return b"".join(out)
