from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.params import Parameter

from app.auth.guards import staff
from app.violations import service
from app.violations.schemas import (
    Action,
    Analytics,
    BanIn,
    Category,
    MuteIn,
    PendingCount,
    ReviewDecision,
    ReviewOut,
    SanctionOut,
    StatusFilter,
    UserHistory,
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
    status: StatusFilter | None = None,
    category: Category | None = None,
    user_id: UserId = None,
    room: Room = None,
    action: Action | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    offset: Annotated[int, Parameter(ge=0, le=1_000_000)] = 0,
) -> ViolationPage:
    return await service.violations(conn, ViolationFilters(
        status=status, category=category, user_id=user_id, room=room, action=action, since=since,
        until=until, limit=limit, offset=offset))


@get("/pending", guards=[staff])
async def pending(conn: Connection) -> PendingCount:
    return await service.pending(conn)


@get("/users/{user_id:int}/history", guards=[staff])
async def user_history(conn: Connection, user_id: int,
                       before_id: Annotated[int | None, Parameter(ge=1)] = None) -> UserHistory:
    return await service.history(conn, user_id, before_id=before_id)


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
    list_violations, pending, user_history, decide, mute_user, unmute_user, ban_user, unban_user, analytics])
