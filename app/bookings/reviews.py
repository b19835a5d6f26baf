"""Reviews: one per completed booking, by its client; the model's rating aggregate is recomputed
in the same transaction, under the model's row lock so concurrent reviews cannot lose one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from app import audit
from app.auth.tokens import CurrentUser
from app.catalog.service import visible_to
from app.errors import conflict, not_found
from app.moderation.service import screen_public_text
from app.paging import Page
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


_OUT = """r.id, r.booking_id, r.model_id, r.rating, r.body, r.created_at,
    NULLIF(btrim(u.first_name), '') AS author"""


async def review(conn: Connection, *, user: CurrentUser, booking_id: int, data: ReviewIn,
                 moderation: ModerationService, events: EventBus) -> ReviewOut:
    booking = await conn.fetchrow(
        "SELECT model_id, status FROM pnp_bookings WHERE id = $1 AND client_id = $2", booking_id, user.id)
    if booking is None:
        raise not_found("booking")
    if booking["status"] != "completed":
        raise conflict(f"only a completed session can be reviewed; this one is {booking['status']}")
    # Public text: block → 422, flag → saved and queued as review:{booking_id} (decision 0040).
    await screen_public_text(moderation, conn, events, user_id=user.id, field="body", text=data.body,
                             where=f"review:{booking_id}")
    model_id = booking["model_id"]
    await conn.execute("SELECT 1 FROM pnp_models WHERE id = $1 FOR UPDATE", model_id)
    review_id = await conn.fetchval(
        # UNIQUE (booking_id): one review per booking, whoever races.
        """INSERT INTO pnp_reviews (booking_id, model_id, client_id, rating, body) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (booking_id) DO NOTHING RETURNING id""",
        booking_id, model_id, user.id, data.rating, data.body)
    if review_id is None:
        raise conflict("this booking was already reviewed")
    await refresh_rating(conn, model_id)
    await audit.record(conn, actor_id=user.id, action="review.created", entity="review", entity_id=review_id,
                       data={"booking_id": booking_id, "rating": data.rating})
    row = await conn.fetchrow(f"SELECT {_OUT} FROM pnp_reviews r JOIN users u ON u.id = r.client_id "
                              "WHERE r.id = $1", review_id)
    return msgspec.convert(dict(row), ReviewOut)


async def refresh_rating(conn: Connection, model_id: int) -> None:
    """Recompute from the visible reviews (call with the model row locked): avg NULL ⇔ count 0."""
    await conn.execute(
        """UPDATE pnp_models m SET (rating_avg, rating_count) = (
               SELECT round(avg(r.rating), 2), count(*) FROM pnp_reviews r
               WHERE r.model_id = m.id AND NOT r.hidden)
           WHERE m.id = $1""", model_id)


async def model_reviews(conn: Connection, *, viewer: CurrentUser | None, model_id: int, limit: int,
                        offset: int) -> ReviewPage:
    model = await conn.fetchrow(
        "SELECT visibility, rating_avg::float8 AS rating_avg, rating_count FROM pnp_models "
        "WHERE id = $1 AND deleted_at IS NULL", model_id)
    if model is None or model["visibility"] not in visible_to(viewer):
        raise not_found("model")
    rows = await conn.fetch(
        f"""SELECT {_OUT} FROM pnp_reviews r JOIN users u ON u.id = r.client_id
            WHERE r.model_id = $1 AND NOT r.hidden
            ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3""",
        model_id, limit, offset)
    return ReviewPage(items=[msgspec.convert(dict(r), ReviewOut) for r in rows], total=model["rating_count"],
                      rating_avg=model["rating_avg"], rating_count=model["rating_count"], limit=limit,
                      offset=offset)
