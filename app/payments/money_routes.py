"""Receipts, model earnings and payouts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Request, Response, Router, get, post
from litestar.params import HeaderParameter, Parameter, QueryParameter

from app.auth.guards import admin_only, self_service, signed_in
from app.catalog.service import own_model_id
from app.payments import earnings, queries, receipts
from app.payments.schemas import PayoutIn, PayoutOut, Period
from core.db import Connection
from core.events import EventBus

AcceptLanguage = Annotated[str | None, HeaderParameter(name="Accept-Language", required=False)]
Lang = Annotated[Literal["es", "en"] | None, QueryParameter(name="lang")]


async def _html(request: Request[Any, Any, Any], conn: Connection, booking_id: int, lang: str | None,
                accept: str | None) -> Response[str]:
    data = await receipts.receipt(conn, request.user, booking_id)
    stored = await queries.user_language(conn, request.user.id)
    return Response(receipts.render(data, receipts.language(lang, accept, stored)), media_type="text/html")


@get("/api/bookings/{booking_id:int}/receipt", guards=[signed_in], tags=["payments"])
async def receipt(request: Request[Any, Any, Any], conn: Connection, booking_id: int,
                  format: Annotated[Literal["json", "html"], QueryParameter(name="format")] = "json",
                  lang: Lang = None, accept_language: AcceptLanguage = None) -> Response[Any]:
    if format == "html":
        return await _html(request, conn, booking_id, lang, accept_language)
    return Response(await receipts.receipt(conn, request.user, booking_id))


@get("/api/bookings/{booking_id:int}/receipt.html", guards=[signed_in], tags=["payments"])
async def receipt_page(request: Request[Any, Any, Any], conn: Connection, booking_id: int,
                       lang: Lang = None, accept_language: AcceptLanguage = None) -> Response[str]:
    return await _html(request, conn, booking_id, lang, accept_language)


@get("/api/model/me/earnings", guards=[self_service], tags=["self-service"])
async def my_earnings(request: Request[Any, Any, Any], conn: Connection, period: Period = "month",
                      model_id: Annotated[int | None, Parameter(ge=1, description="admins only")] = None,
                      ) -> dict[str, Any]:
    """Pending vs available earnings, earnings by period, and the dashboard figures."""
    if request.user.role == "ADMIN" and model_id is not None:
        target = model_id
    else:
        target = await own_model_id(conn, request.user)
    return await earnings.earnings(conn, target, period)


@post("/api/admin/payouts", guards=[admin_only], tags=["admin"], status_code=201)
async def record_payout(request: Request[Any, Any, Any], conn: Connection, events: EventBus,
                        data: PayoutIn) -> PayoutOut:
    return await earnings.record_payout(conn, events, admin_id=request.user.id, data=data)


router = Router(path="/", route_handlers=[receipt, receipt_page, my_earnings, record_payout])
