"""Thin routes of the gateway: the socket and the model's online toggle."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Router, WebSocket, post, websocket
from litestar.datastructures import State
from litestar.status_codes import HTTP_200_OK

from app.auth.guards import self_service, signed_in
from app.catalog.service import own_model_id
from core.db import Connection
from realtime import gateway


class StatusIn(msgspec.Struct, forbid_unknown_fields=True):
    online: bool


class StatusOut(msgspec.Struct):
    model_id: int
    online: bool


@websocket("/ws", guards=[signed_in])
async def ws(socket: WebSocket[Any, Any, Any]) -> None:
    await gateway.serve(socket, socket.app.state.realtime)


@post("/api/model/me/status", guards=[self_service], status_code=HTTP_200_OK, tags=["self-service"])
async def set_my_status(data: StatusIn, request: Request[Any, Any, Any], conn: Connection,
                        state: State) -> StatusOut:
    model_id = await own_model_id(conn, request.user)
    online = await state.realtime.presence.set_status(conn, model_id, data.online)
    return StatusOut(model_id=model_id, online=online)


router = Router(path="/", route_handlers=[ws, set_my_status])
