"""Smart matching: for a time window and a session length, the best (model, slot) pairs, each with
the parts of its score so a client sees why. Budget and "online now" filter; the rest ranks:

time fit (earlier in the window), price (room left in the budget, or cheapness), rating (shrunk
towards 3.5 by 5 phantom reviews), language and tags asked for, past completed sessions with this
client, and load (fewer bookings in the window: spreads clients across models). Parts the client
did not ask about (language, tags, history when signed out) weigh nothing and are reported null.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import asyncpg
import msgspec

from app.auth.tokens import CurrentUser
from app.availability.engine import bookable
from app.availability.loader import load
from app.availability.service import asked_zone
from app.catalog.service import visible_to
from app.errors import invalid
from core.db import Connection

WEIGHTS = {"time_fit": 0.25, "price": 0.2, "rating": 0.2, "language": 0.1, "tags": 0.1,
           "past_bookings": 0.1, "load": 0.05}
CANDIDATES = 60
PRIOR_RATING, PRIOR_WEIGHT = 3.5, 5


class MatchQuery(msgspec.Struct, kw_only=True):
    start: datetime
    end: datetime
    duration: int
    budget: int | None = None
    language: str | None = None
    tags: list[str] = msgspec.field(default_factory=list)
    online_now: bool = False
    tz: str | None = None
    limit: int = 10


class MatchModel(msgspec.Struct):
    id: int
    display_name: str
    languages: list[str]
    tags: list[str]
    rating_avg: float | None
    rating_count: int
    is_online: bool


class MatchSlot(msgspec.Struct):
    start: datetime
    end: datetime
    start_local: str


class ScoreParts(msgspec.Struct):
    time_fit: float
    price: float
    rating: float
    language: float | None
    tags: float | None
    past_bookings: float | None
    load: float


class Match(msgspec.Struct):
    model: MatchModel
    slot: MatchSlot
    price_cents: int
    currency: str
    score: Annotated[float, msgspec.Meta(ge=0, le=1)]
    parts: ScoreParts


class MatchList(msgspec.Struct):
    items: list[Match]
    weights: dict[str, float]


async def _candidates(conn: Connection, viewer: CurrentUser | None, q: MatchQuery,
                      approval: bool) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT m.id, m.display_name, m.languages, m.tags, m.rating_avg::float8 AS rating_avg,
                  m.rating_count, m.is_online, p.price_cents, p.currency,
                  (SELECT count(*) FROM pnp_bookings b WHERE b.model_id = m.id AND b.client_id = $5
                     AND b.status = 'completed') AS past,
                  (SELECT count(*) FROM pnp_bookings b WHERE b.model_id = m.id AND b.starts_at >= $6
                     AND b.starts_at < $7 AND b.status IN ('held', 'pending_payment', 'confirmed')) AS load
           FROM pnp_models m JOIN pnp_model_prices p ON p.model_id = m.id AND p.duration_minutes = $2
           WHERE m.deleted_at IS NULL AND m.visibility = ANY($1::text[])
             AND model_missing(m, $9::bool) = '{}'::text[]
             AND ($3::int IS NULL OR p.price_cents <= $3) AND (NOT $4 OR m.is_online)
           ORDER BY m.rating_avg DESC NULLS LAST, m.id LIMIT $8""",
        visible_to(viewer), q.duration, q.budget, q.online_now, viewer.id if viewer else None, q.start, q.end,
        CANDIDATES, approval)


def _rating(avg: float | None, count: int) -> float:
    shrunk = ((avg or 0) * count + PRIOR_RATING * PRIOR_WEIGHT) / (count + PRIOR_WEIGHT)
    return (shrunk - 1) / 4


async def match(conn: Connection, *, viewer: CurrentUser | None, q: MatchQuery,
                approval: bool = False, now: datetime | None = None) -> MatchList:
    """Listed models only (migrations/0085 model_missing; `approval` is PNP_MODEL_APPROVAL)."""
    now = now or datetime.now(UTC)
    if q.end <= q.start:
        raise invalid("to", "must be after from")
    if q.end - q.start > timedelta(days=31):
        raise invalid("to", "a window of at most 31 days")
    out_zone = asked_zone(q.tz)
    rows = await _candidates(conn, viewer, q, approval)
    cheapest = min((r["price_cents"] for r in rows), default=0)
    busiest = max((r["load"] for r in rows), default=0)
    span = (q.end - q.start).total_seconds()
    length = timedelta(minutes=q.duration)
    found: list[Match] = []
    for row in rows:
        loaded = await load(conn, row["id"], start=q.start, end=q.end, duration=q.duration)
        if loaded is None:
            continue
        starts = bookable(loaded[1], start=q.start, end=q.end, duration=length, now=now)
        if not starts:
            continue
        start = starts[0]
        price = row["price_cents"]
        parts = ScoreParts(
            time_fit=1 - (start - q.start).total_seconds() / span,
            price=(q.budget - price) / q.budget if q.budget else (cheapest / price if price else 1.0),
            rating=_rating(row["rating_avg"], row["rating_count"]),
            language=(1.0 if q.language in row["languages"] else 0.0) if q.language else None,
            tags=len(set(q.tags) & set(row["tags"])) / len(set(q.tags)) if q.tags else None,
            past_bookings=min(row["past"], 3) / 3 if viewer else None,
            load=1 - row["load"] / busiest if busiest else 1.0,
        )
        values = msgspec.structs.asdict(parts)
        active = {k: w for k, w in WEIGHTS.items() if values[k] is not None}
        score = sum(w * values[k] for k, w in active.items()) / sum(active.values())
        zone = out_zone or loaded[1].tz
        found.append(Match(
            model=msgspec.convert(dict(row), MatchModel, strict=False),
            slot=MatchSlot(start=start, end=start + length, start_local=start.astimezone(zone).isoformat()),
            price_cents=price, currency=row["currency"], score=round(max(0.0, min(1.0, score)), 4),
            parts=parts))
    found.sort(key=lambda m: (-m.score, m.slot.start, m.model.id))
    return MatchList(items=found[:q.limit], weights=WEIGHTS)
