"""Smart matching: for a time window and a session length, the best (model, slot) pairs, each with
the parts of its score so a client sees why. Budget and "online now" filter; the rest ranks:

time fit (earlier in the window), price (room left in the budget, or cheapness), rating (shrunk
towards 3.5 by 5 phantom reviews), language and tags asked for, past completed sessions with this
client, and load (fewer bookings in the window: spreads clients across models). Parts the client
did not ask about (language, tags, history when signed out) weigh nothing and are reported null.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec

from app.auth.tokens import CurrentUser
from app.availability.engine import bookable
from app.availability.loader import load
from app.availability.service import asked_zone
from app.catalog.service import visible_to
from app.errors import invalid
from app.matching import queries
from app.matching.schemas import Match, MatchList, MatchModel, MatchQuery, MatchSlot, ScoreParts
from core.db import Connection

WEIGHTS = {"time_fit": 0.25, "price": 0.2, "rating": 0.2, "language": 0.1, "tags": 0.1,
           "past_bookings": 0.1, "load": 0.05}
CANDIDATES = 60
PRIOR_RATING, PRIOR_WEIGHT = 3.5, 5


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
    rows = await queries.candidates(
        conn, visibilities=visible_to(viewer), duration=q.duration, budget=q.budget,
        online_now=q.online_now, client_id=viewer.id if viewer else None, start=q.start, end=q.end,
        limit=CANDIDATES, approval=approval)
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
