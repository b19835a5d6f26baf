from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.params import HeaderParameter, Parameter

from app.auth.guards import can_book, signed_in
from app.bookings import changes, extra_routes, holds, service, staff_routes
from app.bookings.lifecycle import Status
from app.bookings.schemas import BookingOut, BookingPage, CancelIn, HoldIn, RescheduleIn, booking_out
from core.db import Connection
from core.events import EventBus

IdempotencyKey = Annotated[str | None, HeaderParameter(name="Idempotency-Key", required=False)]


@post("/api/bookings", guards=[can_book], tags=["bookings"], status_code=201)
async def hold(data: HoldIn, request: Request[Any, Any, Any],
               idempotency_key: IdempotencyKey = None) -> Response[BookingOut]:
    """No `conn`: hold_slot takes a connection, which a hold refused by a race in flight skips."""
    state = request.app.state
    row, created = await holds.hold_slot(state.db, state.events, state.settings, await holds.limiter(state),
                                         state.hold_races, user=request.user, data=data, key=idempotency_key)
    return Response(booking_out(row), status_code=201 if created else 200)


@get("/api/bookings", guards=[signed_in], tags=["bookings"])
async def my_bookings(request: Request[Any, Any, Any], conn: Connection,
                      status: list[Status] | None = None,
                      limit: Annotated[int, Parameter(ge=1, le=100)] = 50,
                      offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0) -> BookingPage:
    return await service.my_bookings(conn, request.user, statuses=list(status) if status else None,
                                     limit=limit, offset=offset)


@get("/api/bookings/{booking_id:int}", guards=[signed_in], tags=["bookings"])
async def get_booking(request: Request[Any, Any, Any], conn: Connection, booking_id: int) -> BookingOut:
    return await service.get_booking(conn, request.user, booking_id)


@post("/api/bookings/{booking_id:int}/cancel", guards=[signed_in], tags=["bookings"], status_code=200)
async def cancel(data: CancelIn, request: Request[Any, Any, Any], conn: Connection, events: EventBus,
                 booking_id: int) -> BookingOut:
    row = await changes.cancel(conn, events, request.app.state.settings, user=request.user,
                               booking_id=booking_id, reason=data.reason)
    return booking_out(row)


@post("/api/bookings/{booking_id:int}/reschedule", guards=[signed_in], tags=["bookings"], status_code=200)
async def reschedule(data: RescheduleIn, request: Request[Any, Any, Any], conn: Connection, events: EventBus,
                     booking_id: int) -> BookingOut:
    row = await changes.reschedule(conn, events, request.app.state.settings, user=request.user,
                                   booking_id=booking_id, start=data.start)
    return booking_out(row)


router = Router(path="/", route_handlers=[hold, my_bookings, get_booking, cancel, reschedule,
                                          *staff_routes.handlers, *extra_routes.handlers])
