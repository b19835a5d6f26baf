from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, delete, get, post, put
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK

from app.auth.guards import admin_only
from app.catalog import service
from app.catalog.schemas import AdminModelCreate, AdminModelOut, AdminModelPage, AdminModelUpdate
from app.photos.routes import admin_upload_photo
from core.db import Connection
from core.events import EventBus


def _approval(request: Request[Any, Any, Any]) -> bool:
    return bool(request.app.state.settings.model_approval)


@get("/api/admin/models", guards=[admin_only], tags=["admin"])
async def list_models(
    request: Request[Any, Any, Any],
    conn: Connection,
    include_deleted: bool = False,
    limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    offset: Annotated[int, Parameter(ge=0)] = 0,
) -> AdminModelPage:
    return await service.admin_list(conn, include_deleted=include_deleted, awaiting=False,
                                    approval=_approval(request), limit=limit, offset=offset)


@get("/api/admin/models/awaiting-approval", guards=[admin_only], tags=["admin"])
async def awaiting_approval(
    request: Request[Any, Any, Any],
    conn: Connection,
    limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    offset: Annotated[int, Parameter(ge=0)] = 0,
) -> AdminModelPage:
    """The approval queue (PNP_MODEL_APPROVAL=1): profiles no admin approved yet, oldest first."""
    return await service.admin_list(conn, include_deleted=False, awaiting=True,
                                    approval=_approval(request), limit=limit, offset=offset)


@post("/api/admin/models/{model_id:int}/approve", guards=[admin_only], status_code=HTTP_200_OK,
      tags=["admin"])
async def approve_model(request: Request[Any, Any, Any], conn: Connection,
                        model_id: int) -> AdminModelOut:
    return await service.approve(conn, actor=request.user, model_id=model_id,
                                 approval=_approval(request))


@post("/api/admin/models", guards=[admin_only], tags=["admin"])
async def create_model(data: AdminModelCreate, request: Request[Any, Any, Any], conn: Connection,
                       events: EventBus) -> AdminModelOut:
    return await service.create(conn, actor=request.user, data=data,
                                moderation=request.app.state.moderation, events=events,
                                approval=_approval(request))


@get("/api/admin/models/{model_id:int}", guards=[admin_only], tags=["admin"])
async def get_model(request: Request[Any, Any, Any], conn: Connection,
                    model_id: int) -> AdminModelOut:
    return await service.admin_get(conn, model_id, approval=_approval(request))


@put("/api/admin/models/{model_id:int}", guards=[admin_only], tags=["admin"])
async def update_model(data: AdminModelUpdate, request: Request[Any, Any, Any], conn: Connection,
                       events: EventBus, model_id: int) -> AdminModelOut:
    return await service.update(conn, actor=request.user, model_id=model_id, data=data,
                                moderation=request.app.state.moderation, events=events,
                                approval=_approval(request))


@delete("/api/admin/models/{model_id:int}", guards=[admin_only], tags=["admin"])
async def delete_model(request: Request[Any, Any, Any], conn: Connection, model_id: int) -> None:
    await service.delete(conn, actor=request.user, model_id=model_id)


router = Router(path="/", route_handlers=[
    list_models, awaiting_approval, approve_model, create_model, get_model, update_model,
    delete_model, admin_upload_photo])
