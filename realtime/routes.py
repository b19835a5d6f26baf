"""The gateway's socket, mounted by the app behind the guards it chooses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Router, WebSocket, websocket
from litestar.types import Guard

from realtime import gateway


@websocket("/ws")
async def ws(socket: WebSocket[Any, Any, Any]) -> None:
    await gateway.serve(socket, socket.app.state.realtime)


def create_router(*, guards: Sequence[Guard]) -> Router:
    """`guards` must leave a signed-in `realtime.domain.Member` on the scope's `user`."""
    return Router(path="/", guards=list(guards), route_handlers=[ws])
