from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK

from app.auth.guards import admin_only, signed_in
from app.support import service
from app.support.schemas import ReplyIn, TicketIn, TicketOut, TicketPage, TicketStatus
from core.db import Connection
from core.events import EventBus


@post("/api/support/tickets", guards=[signed_in], tags=["support"])
async def open_ticket(data: TicketIn, request: Request[Any, Any, Any], conn: Connection) -> TicketOut:
    return await service.open_ticket(conn, user=request.user, data=data)


@get("/api/support/tickets", guards=[signed_in], tags=["support"])
async def list_tickets(
    request: Request[Any, Any, Any], conn: Connection, status: TicketStatus | None = None,
    limit: Annotated[int, Parameter(ge=1, le=100)] = 50,
    offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
) -> TicketPage:
    return await service.list_tickets(conn, user=request.user, status=status, limit=limit,
                                      offset=offset)


@post("/api/admin/support/tickets/{ticket_id:int}/reply", guards=[admin_only],
      status_code=HTTP_200_OK, tags=["admin"])
async def reply(data: ReplyIn, request: Request[Any, Any, Any], conn: Connection, events: EventBus,
                ticket_id: int) -> TicketOut:
    return await service.reply(conn, events, actor=request.user, ticket_id=ticket_id, data=data)


router = Router(path="/", route_handlers=[open_ticket, list_tickets, reply])
