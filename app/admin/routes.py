from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, delete, get, post, put
from litestar.params import Parameter

from app.auth.guards import admin_only
from app.catalog import service
from app.catalog.schemas import AdminModelCreate, AdminModelOut, AdminModelPage, AdminModelUpdate
from app.db import Connection
from app.events import EventBus
from app.photos.routes import admin_upload_photo


@get("/api/admin/models", guards=[admin_only], tags=["admin"])
async def list_models(
    conn: Connection,
    include_deleted: bool = False,
    limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    offset: Annotated[int, Parameter(ge=0)] = 0,
) -> AdminModelPage:
    return await service.admin_list(conn, include_deleted=include_deleted, limit=limit, offset=offset)


@post("/api/admin/models", guards=[admin_only], tags=["admin"])
async def create_model(data: AdminModelCreate, request: Request[Any, Any, Any], conn: Connection,
                       events: EventBus) -> AdminModelOut:
    return await service.create(conn, actor=request.user, data=data,
                                moderation=request.app.state.moderation, events=events)


@get("/api/admin/models/{model_id:int}", guards=[admin_only], tags=["admin"])
async def get_model(conn: Connection, model_id: int) -> AdminModelOut:
    return await service.admin_get(conn, model_id)


@put("/api/admin/models/{model_id:int}", guards=[admin_only], tags=["admin"])
async def update_model(data: AdminModelUpdate, request: Request[Any, Any, Any], conn: Connection,
                       events: EventBus, model_id: int) -> AdminModelOut:
    return await service.update(conn, actor=request.user, model_id=model_id, data=data,
                                moderation=request.app.state.moderation, events=events)


@delete("/api/admin/models/{model_id:int}", guards=[admin_only], tags=["admin"])
async def delete_model(request: Request[Any, Any, Any], conn: Connection, model_id: int) -> None:
    await service.delete(conn, actor=request.user, model_id=model_id)


router = Router(path="/", route_handlers=[
    list_models, create_model, get_model, update_model, delete_model, admin_upload_photo])
