from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.params import Parameter

from app.auth.guards import staff
from app.moderation import service
from app.moderation.schemas import (
    Analytics,
    BanIn,
    Category,
    MuteIn,
    ReviewDecision,
    ReviewOut,
    ReviewStatus,
    SanctionOut,
    ViolationFilters,
    ViolationPage,
)
from core.db import Connection
from core.events import EventBus

UserId = Annotated[int | None, Parameter(ge=1)]
Room = Annotated[str | None, Parameter(max_length=200)]


@get("/violations", guards=[staff])
async def list_violations(
    conn: Connection,
    status: ReviewStatus | None = None,
    category: Category | None = None,
    user_id: UserId = None,
    room: Room = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    offset: Annotated[int, Parameter(ge=0, le=1_000_000)] = 0,
) -> ViolationPage:
    return await service.violations(conn, ViolationFilters(
        status=status, category=category, user_id=user_id, room=room, since=since, until=until,
        limit=limit, offset=offset))


@post("/", guards=[staff], status_code=200)
async def decide(data: ReviewDecision, request: Request[Any, Any, Any], conn: Connection,
                 events: EventBus) -> ReviewOut:
    return await service.review(conn, events, request.app.state.mutes, reviewer=request.user, data=data)


@post("/users/{user_id:int}/mute", guards=[staff], status_code=200)
async def mute_user(data: MuteIn, request: Request[Any, Any, Any], conn: Connection,
                    events: EventBus, user_id: int) -> SanctionOut:
    return await service.mute(conn, events, actor=request.user, user_id=user_id, data=data)


@post("/users/{user_id:int}/unmute", guards=[staff], status_code=200)
async def unmute_user(request: Request[Any, Any, Any], conn: Connection, events: EventBus,
                      user_id: int) -> SanctionOut:
    return await service.unmute(conn, events, request.app.state.mutes, actor=request.user,
                                user_id=user_id)


@post("/users/{user_id:int}/ban", guards=[staff], status_code=200)
async def ban_user(data: BanIn, request: Request[Any, Any, Any], conn: Connection,
                   events: EventBus, user_id: int) -> SanctionOut:
    return await service.ban(conn, events, actor=request.user, user_id=user_id, data=data)


@post("/users/{user_id:int}/unban", guards=[staff], status_code=200)
async def unban_user(request: Request[Any, Any, Any], conn: Connection, events: EventBus,
                     user_id: int) -> SanctionOut:
    return await service.unban(conn, events, actor=request.user, user_id=user_id)


@get("/analytics", guards=[staff])
async def analytics(conn: Connection, since: datetime | None = None,
                    until: datetime | None = None) -> Analytics:
    return await service.analytics(conn, since=since, until=until)


router = Router(path="/api/admin/moderation", tags=["moderation"], route_handlers=[
    list_violations, decide, mute_user, unmute_user, ban_user, unban_user, analytics])
