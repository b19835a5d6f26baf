from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, put
from litestar.params import Parameter

from app.accounts import service
from app.accounts.schemas import RoleChangeIn, UserDetail, UserPage
from app.auth.guards import admin_only
from core.db import Connection
from core.roles import Role


@get("/", guards=[admin_only])
async def list_users(
    conn: Connection,
    q: Annotated[str | None, Parameter(max_length=100)] = None,
    role: Role | None = None,
    limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    offset: Annotated[int, Parameter(ge=0)] = 0,
) -> UserPage:
    return await service.search(conn, q=q, role=role, limit=limit, offset=offset)


@get("/{user_id:int}", guards=[admin_only])
async def get_user(conn: Connection, user_id: int) -> UserDetail:
    return await service.detail(conn, user_id)


@put("/{user_id:int}/role", guards=[admin_only])
async def set_role(data: RoleChangeIn, request: Request[Any, Any, Any], conn: Connection,
                   user_id: int) -> UserDetail:
    return await service.set_role(conn, actor=request.user, user_id=user_id, data=data)


router = Router(path="/api/admin/users", tags=["admin"],
                route_handlers=[list_users, get_user, set_role])
