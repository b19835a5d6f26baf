from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, put

from app.auth.guards import self_service
from app.catalog import service
from app.catalog.schemas import AdminModelOut, ProfileFields
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


router = Router(path="/", route_handlers=[my_profile, update_my_profile, own_upload_photo])
