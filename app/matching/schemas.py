from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec


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
