"""Reviews and calendars (mounted by app.bookings.routes)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import Parameter

from app.auth.guards import can_book, current_user, public, self_service, signed_in
from app.bookings import calendar, reviews
from app.bookings.schemas import FeedUrl
from app.catalog.service import own_model_id
from app.errors import not_found
from core.db import Connection
from core.events import EventBus

Req = Request[Any, Any, Any]
ICS = "text/calendar"  # Litestar adds "; charset=utf-8" to every text/* type


@post("/api/bookings/{booking_id:int}/review", guards=[can_book], tags=["reviews"], status_code=201)
async def review_booking(data: reviews.ReviewIn, request: Req, conn: Connection, events: EventBus,
                         booking_id: int) -> reviews.ReviewOut:
    return await reviews.review(conn, user=request.user, booking_id=booking_id, data=data,
                                moderation=request.app.state.moderation, events=events)


@get("/api/models/{model_id:int}/reviews", guards=[public], tags=["reviews"])
async def model_reviews(request: Req, conn: Connection, model_id: int,
                        limit: Annotated[int, Parameter(ge=1, le=100)] = 20,
                        offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0) -> reviews.ReviewPage:
    return await reviews.model_reviews(conn, viewer=current_user(request), model_id=model_id, limit=limit,
                                       offset=offset)


@get("/api/bookings/{booking_id:int}/calendar.ics", guards=[signed_in], tags=["calendar"])
async def booking_calendar(request: Req, conn: Connection, booking_id: int) -> Response[bytes]:
    body = await calendar.booking_ics(conn, request.user, booking_id, request.app.state.settings.public_url)
    return Response(body, media_type=ICS,
                    headers={"Content-Disposition": f'attachment; filename="booking-{booking_id}.ics"'})


@get("/api/calendar/{feed:str}", guards=[public], tags=["calendar"])
async def model_calendar_feed(request: Req, conn: Connection, feed: str) -> Response[bytes]:
    """The secret feed URL is the credential; `GET /api/model/me/calendar` tells a model its URL."""
    token, _, suffix = feed.rpartition(".")
    if suffix != "ics" or not token:
        raise not_found("calendar")
    body = await calendar.model_feed(conn, token, request.app.state.settings.public_url)
    return Response(body, media_type=ICS, headers={"Cache-Control": "private, max-age=300"})


@get("/api/model/me/calendar", guards=[self_service], tags=["self-service"])
async def my_calendar_url(request: Req, conn: Connection) -> FeedUrl:
    model_id = await own_model_id(conn, request.user)
    return await calendar.feed_url(conn, model_id, request.app.state.settings.public_url)


handlers = [review_booking, model_reviews, booking_calendar, model_calendar_feed, my_calendar_url]
