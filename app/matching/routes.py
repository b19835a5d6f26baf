from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from litestar import Request, Router, get
from litestar.params import Parameter, QueryParameter

from app.auth.guards import current_user, public
from app.catalog.schemas import Language, Tag
from app.matching.schemas import MatchList, MatchQuery
from app.matching.service import match
from core.db import Connection


@get("/api/match", guards=[public], tags=["matching"])
async def find_matches(
    request: Request[Any, Any, Any], conn: Connection,
    from_: Annotated[datetime | None, QueryParameter(name="from")] = None,
    to: datetime | None = None,
    duration: Annotated[int, Parameter(ge=5, le=480)] = 30,
    budget: Annotated[int | None, Parameter(ge=0, le=100_000_000)] = None,
    language: Language | None = None,
    tags: Annotated[list[Tag] | None, Parameter(max_items=10)] = None,
    online_now: bool = False,
    tz: Annotated[str | None, Parameter(max_length=64)] = None,
    limit: Annotated[int, Parameter(ge=1, le=50)] = 10,
) -> MatchList:
    start = from_ or datetime.now(UTC)
    start = start.replace(tzinfo=UTC) if start.tzinfo is None else start
    end = to or start + timedelta(days=3)
    end = end.replace(tzinfo=UTC) if end.tzinfo is None else end
    query = MatchQuery(start=start, end=end, duration=duration, budget=budget, language=language,
                       tags=list(tags or []), online_now=online_now, tz=tz, limit=limit)
    return await match(conn, viewer=current_user(request), q=query,
                       approval=request.app.state.settings.model_approval)


router = Router(path="/", route_handlers=[find_matches])
