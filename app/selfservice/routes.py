from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post, put
from litestar.datastructures import State
from litestar.status_codes import HTTP_200_OK

from app.auth.guards import self_service
from app.catalog import service
from app.catalog.schemas import AdminModelOut, ProfileFields, StatusIn, StatusOut
from app.photos.routes import own_upload_photo
from core.db import Connection
from core.events import EventBus


@get("/api/model/me", guards=[self_service], tags=["self-service"])
async def my_profile(request: Request[Any, Any, Any], conn: Connection) -> AdminModelOut:
    """`missing` is the studio's checklist: what keeps this profile out of the directory."""
    return await service.admin_get(conn, await service.own_model_id(conn, request.user),
                                   approval=request.app.state.settings.model_approval)


@put("/api/model/me", guards=[self_service], tags=["self-service"])
async def update_my_profile(data: ProfileFields, request: Request[Any, Any, Any],
                            conn: Connection, events: EventBus) -> AdminModelOut:
    model_id = await service.own_model_id(conn, request.user)
    return await service.update(conn, actor=request.user, model_id=model_id, data=data,
                                moderation=request.app.state.moderation, events=events,
                                approval=request.app.state.settings.model_approval)


@post("/api/model/me/status", guards=[self_service], status_code=HTTP_200_OK, tags=["self-service"])
async def set_my_status(data: StatusIn, request: Request[Any, Any, Any], conn: Connection,
                        state: State) -> StatusOut:
    """Online is the gateway's presence: it announces the change to `presence` after commit."""
    model_id = await service.own_model_id(conn, request.user)
    online = await state.realtime.presence.set_status(conn, model_id, data.online)
    return StatusOut(model_id=model_id, online=online)


router = Router(path="/", route_handlers=[my_profile, update_my_profile, set_my_status, own_upload_photo])
