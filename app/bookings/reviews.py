"""Reviews: one per completed booking, by its client; the model's rating aggregate is recomputed
in the same transaction, under the model's row lock so concurrent reviews cannot lose one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from app import audit
from app.auth.tokens import CurrentUser
from app.bookings import queries
from app.catalog.service import visible_to
from app.errors import conflict, not_found
from app.paging import Page
from app.violations.service import screen_public_text
from core.db import Connection
from core.events import EventBus
from moderation.service import ModerationService


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    rating: Annotated[int, msgspec.Meta(ge=1, le=5)]
    body: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class ReviewOut(msgspec.Struct):
    id: int
    booking_id: int
    model_id: int
    rating: int
    body: str
    author: str | None  # the client's first name; null: the page says "verified client"
    created_at: datetime


class ReviewPage(Page[ReviewOut]):
    """A page of a model's reviews with the model's rating aggregate. `items` is declared again:
    Litestar's OpenAPI does not resolve the type parameter of a subclassed generic."""

    items: list[ReviewOut]
    rating_avg: float | None
    rating_count: int


async def review(conn: Connection, *, user: CurrentUser, booking_id: int, data: ReviewIn,
                 moderation: ModerationService, events: EventBus) -> ReviewOut:
    booking = await queries.reviewable(conn, booking_id, client_id=user.id)
    if booking is None:
        raise not_found("booking")
    if booking["status"] != "completed":
        raise conflict(f"only a completed session can be reviewed; this one is {booking['status']}")
    # Public text: block → 422, flag → saved and queued as review:{booking_id} (decision 0040).
    await screen_public_text(moderation, conn, events, user_id=user.id, field="body", text=data.body,
                             where=f"review:{booking_id}")
    model_id = booking["model_id"]
    await queries.lock_model_row(conn, model_id)
    review_id = await queries.insert_review(conn, booking_id=booking_id, model_id=model_id, client_id=user.id,
                                            rating=data.rating, body=data.body)
    if review_id is None:
        raise conflict("this booking was already reviewed")
    await queries.refresh_rating(conn, model_id)
    await audit.record(conn, actor_id=user.id, action="review.created", entity="review", entity_id=review_id,
                       data={"booking_id": booking_id, "rating": data.rating})
    row = await queries.get_review(conn, review_id)
    return msgspec.convert(dict(row), ReviewOut)


async def model_reviews(conn: Connection, *, viewer: CurrentUser | None, model_id: int, limit: int,
                        offset: int) -> ReviewPage:
    model = await queries.model_rating(conn, model_id)
    if model is None or model["visibility"] not in visible_to(viewer):
        raise not_found("model")
    rows = await queries.visible_reviews(conn, model_id, limit=limit, offset=offset)
    return ReviewPage(items=[msgspec.convert(dict(r), ReviewOut) for r in rows], total=model["rating_count"],
                      rating_avg=model["rating_avg"], rating_count=model["rating_count"], limit=limit,
                      offset=offset)
