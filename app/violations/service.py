"""Human review of violations, mutes and bans by staff, review analytics, and the screening of
every text the public sees (bios, display names, reviews) through the chat classifier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from app import audit
from app.auth.tokens import CurrentUser
from app.errors import Problem, conflict, not_found
from app.notifications.service import notify
from app.violations import queries
from app.violations.runtime import record_violation
from app.violations.schemas import (
    Analytics,
    BanIn,
    CategoryActionCount,
    CategoryAgreement,
    CategoryMiss,
    MuteIn,
    PendingCount,
    Person,
    ReviewDecision,
    ReviewOut,
    SanctionEntry,
    SanctionOut,
    UserHistory,
    ViolationFilters,
    ViolationOut,
    ViolationPage,
)
from core.db import Connection
from core.events import EventBus
from moderation.mute import MuteTracker
from moderation.service import ModerationService, ModerationUnavailable
from realtime.channels import channel
from realtime.frames import SanctionFrame, ViolationReviewedFrame

# asyncpg reads 'infinity' back as datetime.max: a ban without end.
FOREVER = datetime.max.replace(tzinfo=UTC)
_AUDIT_ACTIONS = {"mute": "user.muted", "unmute": "user.unmuted", "ban": "user.banned",
                  "unban": "user.unbanned"}


async def screen_public_text(moderation: ModerationService, conn: Connection, events: EventBus, *,
                             user_id: int, field: str, text: str, where: str) -> None:
    """Block → 422 naming the field and the categories; flag → accepted, and a violation row in
    room `where` (`profile:{model_id}`, `review:{booking_id}`) for a moderator. Unavailable →
    503: public text is never published unchecked."""
    if not text.strip():
        return
    try:
        verdict = await moderation.check(text)
    except ModerationUnavailable:
        raise Problem(503, "text moderation is unavailable; try again in a moment",
                      headers={"Retry-After": "5"}) from None
    if verdict.action == "block":
        categories = ", ".join(verdict.categories)
        message = f"breaks the content rules ({categories})"
        raise Problem(422, f"{field}: {message}", type_="/problems/content-blocked",
                      errors=[{"field": field, "message": message}], field=field,
                      categories=list(verdict.categories))
    if verdict.action == "flag":
        await record_violation(conn, events, user_id=user_id, room=where, message=text,
                               verdict=verdict, classifier_version=moderation.version)


def _out(row: Any) -> ViolationOut:
    return msgspec.convert(dict(row), ViolationOut)


async def violations(conn: Connection, filters: ViolationFilters) -> ViolationPage:
    rows, total = await queries.list_violations(
        conn, status=filters.status, category=filters.category, user_id=filters.user_id,
        room=filters.room, action=filters.action, since=filters.since, until=filters.until,
        limit=filters.limit, offset=filters.offset)
    return ViolationPage(items=[_out(r) for r in rows], total=total, limit=filters.limit,
                         offset=filters.offset)


async def pending(conn: Connection) -> PendingCount:
    return PendingCount(pending=await queries.pending_count(conn))


HISTORY_LIMIT = 20


async def history(conn: Connection, user_id: int, *, before_id: int | None) -> UserHistory:
    """What a moderator weighs beside one violation: the author's earlier ones (before
    `before_id`) and the sanctions staff gave them."""
    person = await queries.person(conn, user_id)
    if person is None:
        raise not_found("user")
    rows, total = await queries.user_violations(conn, user_id, before_id=before_id,
                                                limit=HISTORY_LIMIT)
    sanctions = await queries.user_sanctions(conn, user_id, limit=HISTORY_LIMIT)
    return UserHistory(user=msgspec.convert(dict(person), Person), violations=[_out(r) for r in rows],
                       violations_total=total,
                       sanctions=[msgspec.convert(dict(r), SanctionEntry) for r in sanctions])


async def review(conn: Connection, events: EventBus, mutes: MuteTracker, *, reviewer: CurrentUser,
                 data: ReviewDecision) -> ReviewOut:
    """An overturned block that muted its author lifts that mute (database and tracker) and tells
    the author; every decision is audited and shown on the live feed."""
    status = "upheld" if data.decision == "uphold" else "overturned"
    row = await queries.review_violation(conn, violation_id=data.violation_id, status=status,
                                         reviewer_id=reviewer.id, note=data.note)
    if row is None:
        if await queries.get_violation(conn, data.violation_id) is None:
            raise not_found("violation")
        raise conflict("this violation was already reviewed")
    user_id, restored = row["user_id"], False
    if status == "overturned" and row["action"] == "block":
        if row["muted_until"] is not None:
            restored = await queries.lift_block_mute(conn, user_id, row["muted_until"])

            async def unmute() -> None:
                await mutes.unmute(user_id)

            conn.on_commit(unmute)
        await notify(conn, events, user_id=user_id, kind="moderation.overturned",
                     payload={"violation_id": row["id"], "room": row["room"], "unmuted": restored},
                     dedupe_key=f"violation:{row['id']}:overturned")
    await audit.record(conn, actor_id=reviewer.id, action=f"moderation.{status}", entity="violation",
                       entity_id=row["id"], data={"note": data.note, "user_restored": restored})
    violation = _out(await queries.get_violation(conn, row["id"]))
    events.after_commit(conn, channel("moderation"), ViolationReviewedFrame(
        id=row["id"], review_status=status, reviewed_by=reviewer.id,
        reviewer_name=violation.reviewer_name, reviewed_at=row["reviewed_at"],
        user_restored=restored))
    return ReviewOut(violation=violation, user_restored=restored)


async def _target(conn: Connection, actor: CurrentUser, user_id: int) -> None:
    role = await queries.user_role(conn, user_id)
    if role is None:
        raise not_found("user")
    if role == "ADMIN":
        raise Problem(403, "an ADMIN account cannot be muted or banned")
    if user_id == actor.id:
        raise conflict("you cannot sanction your own account")


async def _sanction(conn: Connection, events: EventBus, *, actor: CurrentUser, user_id: int,
                    action: str, until: datetime | None, reason: str | None) -> SanctionOut:
    await _target(conn, actor, user_id)
    column = "muted_until" if action in ("mute", "unmute") else "banned_until"
    stored = await queries.set_sanction(conn, user_id, column, until)
    if stored is not None and stored.tzinfo is None:  # 'infinity' comes back naive
        stored = stored.replace(tzinfo=UTC)
    await audit.record(conn, actor_id=actor.id, action=_AUDIT_ACTIONS[action], entity="user",
                       entity_id=user_id,
                       data={"until": stored.isoformat() if stored else None, "reason": reason})
    events.after_commit(conn, channel("moderation"), SanctionFrame(
        user_id=user_id, action=action, until=stored, actor_id=actor.id))
    return SanctionOut(user_id=user_id, action=action, until=stored)  # type: ignore[arg-type]


async def mute(conn: Connection, events: EventBus, *, actor: CurrentUser, user_id: int,
               data: MuteIn) -> SanctionOut:
    until = datetime.now(UTC) + timedelta(minutes=data.minutes)
    return await _sanction(conn, events, actor=actor, user_id=user_id, action="mute", until=until,
                           reason=data.reason)


async def unmute(conn: Connection, events: EventBus, mutes: MuteTracker, *, actor: CurrentUser,
                 user_id: int) -> SanctionOut:
    out = await _sanction(conn, events, actor=actor, user_id=user_id, action="unmute", until=None,
                          reason=None)

    async def forget() -> None:
        await mutes.unmute(user_id)

    conn.on_commit(forget)
    return out


async def ban(conn: Connection, events: EventBus, *, actor: CurrentUser, user_id: int,
              data: BanIn) -> SanctionOut:
    until = FOREVER if data.days is None else datetime.now(UTC) + timedelta(days=data.days)
    return await _sanction(conn, events, actor=actor, user_id=user_id, action="ban", until=until,
                           reason=data.reason)


async def unban(conn: Connection, events: EventBus, *, actor: CurrentUser,
                user_id: int) -> SanctionOut:
    return await _sanction(conn, events, actor=actor, user_id=user_id, action="unban", until=None,
                           reason=None)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


async def analytics(conn: Connection, *, since: datetime | None,
                    until: datetime | None) -> Analytics:
    counts = await queries.category_action_counts(conn, since, until)
    totals = await queries.review_totals(conn, since, until)
    per_category: dict[str, tuple[int, int]] = {}
    for r in counts:
        reviewed, upheld = per_category.get(r["category"], (0, 0))
        per_category[r["category"]] = (reviewed + r["upheld"] + r["overturned"], upheld + r["upheld"])
    reviewed = totals["upheld"] + totals["overturned"]
    misses = await _misses(conn, since, until, per_category)
    missed = sum(m.missed for m in misses)
    return Analytics(
        total=totals["total"], pending=totals["pending"], reviewed=reviewed, upheld=totals["upheld"],
        overturned=totals["overturned"], precision=_ratio(totals["upheld"], reviewed),
        by_category_action=[CategoryActionCount(r["category"], r["action"], r["count"]) for r in counts],
        agreement=[CategoryAgreement(c, n, up, _ratio(up, n)) for c, (n, up) in per_category.items()],
        review_p50_s=totals["review_p50_s"], review_p90_s=totals["review_p90_s"],
        reported=totals["reported"], missed=missed,
        miss_rate=_ratio(missed, missed + totals["upheld"]), misses=misses)


async def _misses(conn: Connection, since: datetime | None, until: datetime | None,
                  per_category: dict[str, tuple[int, int]]) -> list[CategoryMiss]:
    rows = await queries.report_outcomes(conn, since, until)
    return [CategoryMiss(r["category"], r["reviewed"], r["missed"],
                         _ratio(r["missed"], r["missed"] + per_category.get(r["category"], (0, 0))[1]))
            for r in rows]
