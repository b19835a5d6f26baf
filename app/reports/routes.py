from __future__ import annotations

from typing import Any

from litestar import Request, Router, post
from litestar.datastructures import State

from app.auth.guards import signed_in
from app.reports import service
from app.reports.schemas import ReportIn, ReportOut
from core.db import Connection
from core.events import EventBus


@post("/api/reports", guards=[signed_in], tags=["moderation"])
async def report_message(data: ReportIn, request: Request[Any, Any, Any], conn: Connection,
                         events: EventBus, state: State) -> ReportOut:
    return await service.report(conn, events, recent=state.realtime.recent,
                                limiter=state.report_limiter, reporter=request.user, data=data)


router = Router(path="/", route_handlers=[report_message])
