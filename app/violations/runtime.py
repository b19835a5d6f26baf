"""The moderation runtime of one process: the classifier (loaded once), the batching service on
`app.state.moderation`, the mute tracker on `app.state.mutes`, and `ChatModeration`, which the
gateway asks about every chat message.

Everything that records a blocked or flagged text calls `record_violation`: the row, the
`violation` frame to the moderators' feed after commit, and on a block the mute count."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import msgspec
from litestar import Litestar
from redis.asyncio import Redis

from app.violations import queries
from core.config import Settings
from core.db import Connection
from core.events import EventBus
from moderation import ModerationClassifier, load_classifier
from moderation.mute import InMemoryMuteTracker, MuteSettings, MuteTracker, RedisMuteTracker
from moderation.policy import Verdict
from moderation.service import ModerationService
from realtime.channels import channel
from realtime.frames import ChatLine, Violation
from realtime.moderation import WordListModerator

_load_lock = threading.Lock()


@functools.cache
def _load() -> ModerationClassifier:
    return load_classifier()


def cached_classifier() -> ModerationClassifier:
    """The process's classifier: the ONNX export (first use) and the load happen once, even when
    two threads ask at the same time."""
    with _load_lock:
        return _load()


async def load_cached_classifier() -> ModerationClassifier:
    return await asyncio.to_thread(cached_classifier)


def mute_settings(settings: Settings) -> MuteSettings:
    return MuteSettings(blocks=settings.moderation_mute_blocks,
                        window_seconds=float(settings.moderation_mute_window_s),
                        mute_seconds=settings.moderation_mute_minutes * 60.0)


def create_mute_tracker(settings: Settings, redis: Redis | None) -> MuteTracker:
    """Redis when the app has it (every instance counts the same blocks), else this process."""
    if redis is not None:
        return RedisMuteTracker(redis, mute_settings(settings), prefix=settings.moderation_redis_prefix)
    return InMemoryMuteTracker(mute_settings(settings))


class ChatModeration:
    """The gateway's `ChatModerator` and `ViolationLog` (realtime/domain.py), handed to it at
    construction. Until `lifespan` has loaded the classifier it answers with the word list; then
    with the batching classifier service, which raises when overloaded or failing (the gateway
    then refuses the message). Blocks count towards a mute in `mutes`."""

    def __init__(self, mutes: MuteTracker) -> None:
        self.mutes = mutes
        self._service: ModerationService | None = None
        self._fallback = WordListModerator()

    @asynccontextmanager
    async def lifespan(self, app: Litestar) -> AsyncIterator[None]:
        """Loads the classifier off the event loop before the app takes traffic."""
        classifier = await load_cached_classifier()
        service = ModerationService(classifier.predict, version=classifier.version)
        await service.start()
        app.state.moderation = self._service = service
        try:
            yield
        finally:
            self._service = None
            await service.stop()

    async def check(self, text: str) -> Verdict:
        if self._service is None:
            return await self._fallback.check(text)
        return await self._service.check(text)

    async def record(self, conn: Connection, events: EventBus, *, user_id: int, room: str,
                     text: str, verdict: Verdict, context: list[ChatLine]) -> None:
        await record_violation(conn, events, user_id=user_id, room=room, message=text,
                               verdict=verdict, classifier_version=verdict.classifier_version,
                               mutes=self.mutes, context=context)


async def record_violation(conn: Connection, events: EventBus, *, user_id: int, room: str,
                           message: str, verdict: Verdict, classifier_version: str,
                           mutes: MuteTracker | None = None,
                           context: list[ChatLine] | None = None) -> int:
    """Stores a flag or block with the chat said before it (`context`, oldest first); on a block
    counts it in `mutes` (chat passes `app.state.mutes`) and, when that count mutes the author,
    sets `users.muted_until` in this transaction and on the row. Returns the violation id."""
    if verdict.action == "allow":
        raise ValueError("an allowed text is not a violation")
    muted_until = None
    if verdict.action == "block" and mutes is not None:
        before = await mutes.muted_until(user_id)
        after = await mutes.record_block(user_id)
        if after is not None and (before is None or after > before):
            muted_until = datetime.fromtimestamp(after, UTC)
            await queries.mute_user(conn, user_id, muted_until)
    row = await queries.insert_violation(
        conn, user_id=user_id, room=room, message=message, categories=list(verdict.categories),
        scores=dict(verdict.scores), action=verdict.action, classifier_version=classifier_version,
        muted_until=muted_until, context=msgspec.to_builtins(context or []))
    events.after_commit(conn, channel("moderation"), Violation(
        id=row["id"], user_id=user_id, user_name=row["user_name"], room=room,
        room_name=row["room_name"], message=row["message"], categories=list(verdict.categories),
        scores=dict(verdict.scores), action=verdict.action, classifier_version=classifier_version,
        created_at=row["created_at"], context=list(context or [])))
    return int(row["id"])
