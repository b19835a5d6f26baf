"""Users report chat messages they received; a report joins the moderators' live feed beside
the classifier's flags, with the classifier's scores for that text."""

from __future__ import annotations

import math
from typing import Protocol

import msgspec
from redis.exceptions import RedisError

from app.auth.tokens import CurrentUser
from app.errors import Problem, invalid
from app.reports import queries
from app.reports.schemas import ReportIn, ReportOut
from core.db import Connection
from core.events import EventBus
from core.ratelimit import TokenBucket
from core.redis_client import RedisClient
from realtime.channels import channel
from realtime.frames import ChatLine, Violation
from realtime.recent import KeptMessage

# Five at once, then one a minute: enough for a bad evening, too few to flood the queue.
REPORT_BURST = 5
REPORTS_PER_SECOND = 1 / 60


class MessageLookup(Protocol):
    ttl_seconds: int

    async def get(self, message_id: str) -> KeptMessage | None: ...

    async def context(self, message: KeptMessage) -> list[ChatLine]: ...


class RateLimiter(Protocol):
    async def take(self, user_id: int) -> int: ...


def report_limiter(redis: RedisClient | None, *, prefix: str) -> TokenBucket:
    return TokenBucket(redis, prefix=f"{prefix}:report", burst=REPORT_BURST,
                       per_second=REPORTS_PER_SECOND)


def _unavailable() -> Problem:
    return Problem(503, "reports cannot be taken right now; try again in a moment",
                   headers={"Retry-After": "5"})


async def report(conn: Connection, events: EventBus, *, recent: MessageLookup,
                 limiter: RateLimiter, reporter: CurrentUser, data: ReportIn) -> ReportOut:
    try:
        wait_ms = await limiter.take(reporter.id)
        message = await recent.get(data.message_id) if not wait_ms else None
        context = await recent.context(message) if message is not None else []
    except RedisError:
        raise _unavailable() from None
    if wait_ms:
        seconds = max(1, math.ceil(wait_ms / 1000))
        raise Problem(429, f"you have sent many reports; try again in {seconds} s",
                      type_="/problems/too-many-reports", headers={"Retry-After": str(seconds)})
    if message is None or message.room != data.room:
        minutes = recent.ttl_seconds // 60
        raise Problem(404, f"that message is not known in this room (reports are taken for "
                           f"{minutes} minutes after a message is sent)",
                      type_="/problems/message-not-found")
    if message.user_id == reporter.id:
        raise invalid("message_id", "you cannot report your own message")
    row = await queries.insert_report(
        conn, reporter_id=reporter.id, author_id=message.user_id, room=message.room,
        message_id=message.id, message=message.text, reason=data.reason, action=message.action,
        scores=message.scores, classifier_version=message.classifier_version,
        context=msgspec.to_builtins(context))
    if row is None:
        raise Problem(409, "you already reported this message", type_="/problems/already-reported")
    reporter_name = await queries.reporter_name(conn, reporter.id)
    events.after_commit(conn, channel("moderation"), Violation(
        id=row["id"], user_id=message.user_id, user_name=message.author, room=message.room,
        room_name=row["room_name"], message=row["message"],
        action=message.action, categories=list(row["categories"]), scores=message.scores,
        classifier_version=message.classifier_version, created_at=row["created_at"],
        context=context, source="report", report_reason=data.reason, reporter_name=reporter_name))
    return ReportOut(id=row["id"], room=message.room, message_id=message.id, reason=data.reason,
                     author_name=message.author, created_at=row["created_at"])
