"""The filters analytics and exports share: a date range (UTC days, `to` inclusive) and a model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from litestar.params import QueryParameter

from app.errors import invalid

FromDate = Annotated[date | None, QueryParameter(name="from", description="first UTC day (30 days ago)")]
ToDate = Annotated[date | None, QueryParameter(name="to", description="last UTC day, inclusive")]
ModelFilter = Annotated[int | None, QueryParameter(name="model_id", ge=1)]


@dataclass(frozen=True)
class Range:
    start: datetime
    end: datetime
    model_id: int | None

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def window(first: date | None, last: date | None, model_id: int | None) -> Range:
    today = datetime.now(UTC).date()
    last = last or today
    first = first or last - timedelta(days=29)
    if first > last:
        raise invalid("from", "must not be after to")
    if (last - first).days > 3660:
        raise invalid("from", "the range may span at most ten years")
    start = datetime.combine(first, time(), UTC)
    return Range(start, datetime.combine(last + timedelta(days=1), time(), UTC), model_id)
