"""The gateway's parts for one app instance, started and stopped with the app."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar
from redis.asyncio.cluster import RedisCluster

from core.config import Settings
from core.db import Database
from core.events import EventBus
from core.kv import key_value
from core.metrics import MODERATION_LATENCY, MODERATION_VERDICTS
from core.ratelimit import TokenBucket
from core.redis_client import RedisClient
from realtime.broker import Broker, MemoryBroker, RedisBroker, Resubscribed
from realtime.broker_cluster import ShardedRedisBroker
from realtime.chat import Chat
from realtime.domain import Inbox, ModelAccounts, RoomAccess, ViolationLog
from realtime.hub import Hub
from realtime.moderation import ChatModerator, WordListModerator
from realtime.presence import PresenceTracker
from realtime.recent import RecentMessages


def _broker(settings: Settings, redis: RedisClient | None, *,
            on_resubscribed: Resubscribed) -> Broker:
    most, age = settings.resume_max_messages, settings.resume_max_age
    if redis is None:
        return MemoryBroker(max_messages=most, max_age=age)
    kind = ShardedRedisBroker if isinstance(redis, RedisCluster) else RedisBroker
    return kind(redis, prefix=settings.realtime_prefix, max_messages=most, max_age=age,  # type: ignore[arg-type]
                on_resubscribed=on_resubscribed)


class Realtime:
    """`db` is bound at start-up (the app's pool); everything else exists from construction so
    `events` can be handed to the app state right away. What the gateway needs of the domains
    comes in here (`realtime.domain`)."""

    def __init__(self, settings: Settings, redis: RedisClient | None, *, rooms: RoomAccess,
                 models: ModelAccounts, inbox: Inbox, violations: ViolationLog,
                 moderator: ChatModerator | None = None) -> None:
        self.settings, self.redis = settings, redis
        self.rooms, self.models, self.inbox, self.violations = rooms, models, inbox, violations
        self.moderator: ChatModerator = moderator or WordListModerator()
        self.hub = Hub(buffer_bytes=settings.ws_buffer_bytes)
        self.broker = _broker(settings, redis, on_resubscribed=self._fanout_resumed)
        self.events = EventBus(self.broker)
        self.hub.channel_listeners.append(self.broker.interest)
        self.limiter = TokenBucket(redis, prefix=settings.realtime_prefix, burst=settings.chat_burst,
                                   per_second=settings.chat_per_second)
        self.recent = RecentMessages(key_value(redis), prefix=settings.realtime_prefix)
        self.db: Database = None  # type: ignore[assignment]
        self._restore_signals: list[tuple[int, Any]] = []

    def _bind(self, db: Database) -> None:
        self.db = db
        s = self.settings
        self.presence = PresenceTracker(
            db=db, redis=self.redis, broker=self.broker, events=self.events, prefix=s.realtime_prefix,
            ttl=s.presence_ttl, reconcile_every=s.presence_reconcile_every, viewers_every=s.viewers_every)
        self.hub.room_listeners.append(self.presence.viewers_changed)
        self.chat = Chat(db=db, broker=self.broker, events=self.events, limiter=self.limiter,
                         moderator=self, violations=self.violations, recent=self.recent,
                         max_length=s.chat_max_length)

    async def check(self, text: str) -> Any:
        """Chat asks the current moderator, so one can be swapped in at run time."""
        started = time.perf_counter()
        try:
            verdict = await self.moderator.check(text)
        except Exception:
            MODERATION_VERDICTS.labels("unavailable").inc()
            raise
        MODERATION_LATENCY.observe(time.perf_counter() - started)
        MODERATION_VERDICTS.labels(verdict.action).inc()
        return verdict

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Litestar) -> AsyncIterator[None]:
        self._bind(app.state.db)
        await self.broker.start(self.hub.dispatch)
        self.presence.start()
        self._announce_on_signals()
        try:
            yield
        finally:
            for signum, handler in self._restore_signals:
                signal.signal(signum, handler)
            await self.hub.shutdown()
            await self.presence.stop()
            await self.broker.stop()

    def _fanout_resumed(self, channels: set[str] | None) -> None:
        """Frames published to `channels` (None: any) while Redis was out of reach never came
        here: their subscribers resume from their offsets (the replay, or `reset` when Redis lost
        the stream)."""
        self.hub.reconnect_subscribers(channels, "fan-out interrupted: subscribe again with your last offset")

    def _announce_on_signals(self) -> None:
        """uvicorn closes sockets before the lifespan ends, so `reconnect` goes out the moment
        the stop signal arrives, ahead of uvicorn's own handler."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(signum)
            if not callable(previous):
                continue

            def announce(sig: int, frame: Any, previous: Any = previous) -> None:
                loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self.hub.shutdown()))
                previous(sig, frame)

            with contextlib.suppress(ValueError):  # not the main thread: nothing to hook
                signal.signal(signum, announce)
                self._restore_signals.append((signum, previous))
