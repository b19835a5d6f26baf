"""Admin and model-side booking routes (mounted by app.bookings.routes)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Request, get, post, put
from litestar.params import Parameter, QueryParameter

from app.auth.guards import admin_only, self_service
from app.bookings import admin, model_side
from app.bookings.lifecycle import Status
from app.bookings.schemas import AdminBookingUpdate, BookingOut, BookingPage
from app.catalog.service import own_model_id
from core.db import Connection
from core.events import EventBus

Req = Request[Any, Any, Any]
Limit = Annotated[int, Parameter(ge=1, le=200)]
Offset = Annotated[int, Parameter(ge=0, le=1_000_000)]
From = Annotated[datetime | None, QueryParameter(name="from")]


@get("/api/admin/bookings", guards=[admin_only], tags=["admin"])
async def admin_bookings(conn: Connection, status: list[Status] | None = None, model_id: int | None = None,
                         client_id: int | None = None, from_: From = None, to: datetime | None = None,
                         limit: Limit = 50, offset: Offset = 0) -> BookingPage:
    return await admin.search(conn, statuses=list(status) if status else None, model_id=model_id,
                              client_id=client_id, start=from_, end=to, limit=limit, offset=offset)


@put("/api/admin/bookings/{booking_id:int}", guards=[admin_only], tags=["admin"])
async def admin_update_booking(data: AdminBookingUpdate, request: Req, conn: Connection, events: EventBus,
                               booking_id: int) -> BookingOut:
    return await admin.update(conn, events, request.app.state.settings, user=request.user,
                              booking_id=booking_id, data=data)


@get("/api/admin/conflicts", guards=[admin_only], tags=["admin"])
async def admin_conflicts(conn: Connection, limit: Limit = 50, offset: Offset = 0) -> admin.ConflictPage:
    return await admin.conflicts(conn, limit=limit, offset=offset)


@post("/api/admin/conflicts/{booking_id:int}/resolve", guards=[admin_only], tags=["admin"], status_code=200)
async def admin_resolve_conflict(data: admin.Resolution, request: Req, conn: Connection, events: EventBus,
                                 booking_id: int) -> BookingOut:
    return await admin.resolve(conn, events, request.app.state.settings, user=request.user,
                               booking_id=booking_id, data=data)


@get("/api/model/me/bookings", guards=[self_service], tags=["self-service"])
async def my_model_bookings(request: Req, conn: Connection,
                            view: Annotated[model_side.Scope, QueryParameter(name="scope")] = "upcoming",
                            from_: From = None, to: datetime | None = None, limit: Limit = 50,
                            offset: Offset = 0) -> BookingPage:
    model_id = await own_model_id(conn, request.user)
    return await model_side.bookings(conn, model_id, scope=view, start=from_, end=to, limit=limit,
                                     offset=offset)


@get("/api/model/me/clients", guards=[self_service], tags=["self-service"])
async def my_clients(request: Req, conn: Connection, limit: Limit = 50,
                     offset: Offset = 0) -> model_side.ClientPage:
    model_id = await own_model_id(conn, request.user)
    return await model_side.clients(conn, model_id, limit=limit, offset=offset)


handlers = [admin_bookings, admin_update_booking, admin_conflicts, admin_resolve_conflict, my_model_bookings,
            my_clients]
