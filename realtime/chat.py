"""A chat message's way: rate limit first, then length, onboarding, subscription, mute/ban,
moderation inline, and only then the room (via the broker, with a resume offset)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from core.db import Database, transaction
from core.events import EventBus
from core.ratelimit import TokenBucket
from moderation.policy import Verdict
from realtime import queries
from realtime.broker import Broker
from realtime.channels import channel
from realtime.domain import ViolationLog
from realtime.frames import (
    ChatFrame,
    ChatLine,
    ChatSend,
    Error,
    Rejected,
    chat_frames,
    chat_line,
    chat_prefix,
    encode,
)
from realtime.hub import Session
from realtime.moderation import ChatModerator
from realtime.recent import KeptMessage, RecentMessages

log = logging.getLogger(__name__)
CONTEXT_MESSAGES = 5


class Chat:
    def __init__(self, *, db: Database, broker: Broker, events: EventBus, limiter: TokenBucket,
                 moderator: ChatModerator, violations: ViolationLog, recent: RecentMessages,
                 max_length: int) -> None:
        self.db, self.broker, self.events, self.recent = db, broker, events, recent
        self.limiter, self.moderator, self.violations = limiter, moderator, violations
        self.max_length = max_length

    async def send(self, session: Session, frame: ChatSend) -> None:
        refusal = await self._refusal(session, frame)
        if refusal is not None:
            session.push(encode(refusal))

    def _reject(self, frame: ChatSend, reason: str, detail: str, **extra: object) -> Rejected:
        return Rejected(room=frame.room, reason=reason, detail=detail, ref=frame.ref, **extra)  # type: ignore[arg-type]

    async def _refusal(self, session: Session, frame: ChatSend) -> Rejected | Error | None:
        user = session.user
        wait_ms = await self.limiter.take(user.id)
        if wait_ms:
            return self._reject(frame, "rate_limited", "you are sending messages too fast",
                                retry_after_ms=wait_ms)
        text = frame.text.strip()
        if not text or len(text) > self.max_length:
            return self._reject(frame, "length", f"a message has 1 to {self.max_length} characters")
        if not user.onboarded:
            return self._reject(frame, "onboarding_required", "finish onboarding before chatting")
        room_channel = channel("room", frame.room)
        if room_channel not in session.channels:
            return Error(code="not_subscribed", ref=frame.ref,
                         detail=f"subscribe to {room_channel} before chatting there")
        async with self.db.acquire() as conn:
            author = await queries.chat_author(conn, user.id)
        if author is None or author["banned"]:
            return self._reject(frame, "banned", "your account is banned from chat")
        if author["muted"]:
            return self._reject(frame, "muted", "you are muted for now")
        try:
            verdict = await self.moderator.check(text)
        except Exception:
            log.exception("realtime: moderation unavailable; message refused")
            return self._reject(frame, "moderation_unavailable",
                                "moderation is unavailable right now; your message was not sent")
        # The room's last messages before this one (the resume stream holds them: this text is
        # not published yet): a violation stores them, a kept message their ids for a report.
        before = chat_frames(await self.broker.recent(room_channel, CONTEXT_MESSAGES))
        if verdict.action != "allow":
            await self._record(user.id, frame.room, text, verdict,
                               [chat_line(f) for f in before])
        if verdict.action == "block":
            return self._reject(frame, "blocked", "your message breaks the chat rules",
                                categories=list(verdict.categories))
        message = ChatFrame(room=frame.room, id=uuid.uuid4().hex, user_id=user.id,
                            username=author["name"], text=text, sent_at=datetime.now(UTC),
                            flagged=verdict.action == "flag")
        await self.recent.keep(KeptMessage(
            id=message.id, room=frame.room, user_id=user.id, author=author["name"], text=text,
            sent_at=message.sent_at, action=verdict.action, scores=dict(verdict.scores),
            classifier_version=verdict.classifier_version, before=[f.id for f in before]))
        await self.broker.publish_chat(room_channel, chat_prefix(message))
        return None

    async def _record(self, user_id: int, room: str, text: str, verdict: Verdict,
                      context: list[ChatLine]) -> None:
        """A violation row with the chat said before it, and the `violation` frame once it is
        committed."""
        async with transaction(self.db) as conn:
            await self.violations.record(conn, self.events, user_id=user_id, room=room, text=text,
                                         verdict=verdict, context=context)
