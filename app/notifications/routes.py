from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK

from app.auth.guards import signed_in
from app.notifications import service
from app.notifications.schemas import MarkedRead, MarkRead, NotificationPage
from core.db import Connection


@get("/api/notifications", guards=[signed_in], tags=["notifications"])
async def list_notifications(
    request: Request[Any, Any, Any], conn: Connection, unread: bool = True,
    limit: Annotated[int, Parameter(ge=1, le=100)] = 20,
    before_id: Annotated[int | None, Parameter(ge=1)] = None,
) -> NotificationPage:
    return await service.page(conn, user_id=request.user.id, unread_only=unread, limit=limit,
                              before_id=before_id)


@post("/api/notifications/read", guards=[signed_in], status_code=HTTP_200_OK, tags=["notifications"])
async def mark_read(data: MarkRead, request: Request[Any, Any, Any], conn: Connection) -> MarkedRead:
    return await service.mark_read(conn, user_id=request.user.id, ids=data.ids)


router = Router(path="/", route_handlers=[list_notifications, mark_read])
