"""Admin analytics and streamed exports, with the same filters (from, to, model_id)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get
from litestar.params import Parameter
from litestar.response import Stream

from app.auth.guards import admin_only
from app.errors import not_found
from app.payments import analytics, exports
from app.payments.filters import FromDate, ModelFilter, ToDate, window
from app.payments.schemas import Period
from core.db import Connection


@get("/api/admin/analytics/revenue", guards=[admin_only], tags=["analytics"])
async def revenue(conn: Connection, period: Period = "day", from_: FromDate = None, to: ToDate = None,
                  model_id: ModelFilter = None) -> dict[str, Any]:
    return await analytics.revenue(conn, window(from_, to, model_id), period)


@get("/api/admin/analytics/earnings", guards=[admin_only], tags=["analytics"])
async def earnings(conn: Connection, from_: FromDate = None, to: ToDate = None,
                   model_id: ModelFilter = None) -> dict[str, Any]:
    return await analytics.earnings(conn, window(from_, to, model_id))


@get("/api/admin/analytics/utilization", guards=[admin_only], tags=["analytics"])
async def utilization(conn: Connection, from_: FromDate = None, to: ToDate = None,
                      model_id: ModelFilter = None) -> dict[str, Any]:
    return await analytics.utilization(conn, window(from_, to, model_id))


@get("/api/admin/analytics/success-rate", guards=[admin_only], tags=["analytics"])
async def success_rate(conn: Connection, from_: FromDate = None, to: ToDate = None,
                       model_id: ModelFilter = None) -> dict[str, Any]:
    return await analytics.success_rate(conn, window(from_, to, model_id))


@get("/api/admin/analytics/conflicts", guards=[admin_only], tags=["analytics"])
async def conflicts(conn: Connection, from_: FromDate = None, to: ToDate = None,
                    model_id: ModelFilter = None) -> dict[str, Any]:
    return await analytics.conflicts(conn, window(from_, to, model_id))


@get("/api/admin/analytics/top-clients", guards=[admin_only], tags=["analytics"])
async def top_clients(conn: Connection, from_: FromDate = None, to: ToDate = None,
                      model_id: ModelFilter = None,
                      limit: Annotated[int, Parameter(ge=1, le=100)] = 10) -> dict[str, Any]:
    return await analytics.top_clients(conn, window(from_, to, model_id), limit)


@get("/api/admin/export/{name:str}", guards=[admin_only], tags=["analytics"])
async def export(request: Request[Any, Any, Any], name: str, from_: FromDate = None, to: ToDate = None,
                 model_id: ModelFilter = None) -> Stream:
    """`bookings|payments|earnings` `.csv|.xlsx`, streamed."""
    kind, _, fmt = name.partition(".")
    if kind not in exports.COLUMNS or fmt not in exports.MEDIA:
        raise not_found("export")
    r = window(from_, to, model_id)
    stream = exports.csv_stream if fmt == "csv" else exports.xlsx_stream
    return Stream(stream(request.app.state.db, kind, r), media_type=exports.MEDIA[fmt],
                  headers={"Content-Disposition": f'attachment; filename="{kind}.{fmt}"'})


router = Router(path="/", route_handlers=[revenue, earnings, utilization, success_rate, conflicts,
                                          top_clients, export])
