"""uvicorn's sans-I/O WebSocket protocol with less held per idle socket (decision 0022).

websockets' `ServerProtocol` still does the framing, fragmentation, ping/pong, close handshake and
size limits, and uvicorn's methods still drive it; only the per-socket containers change: the
ASGI inbox and the writable flag are a few slots with waiters created while someone waits
(`asyncio.Queue` is four deques and an Event, ~3 KB; an Event ~0.8 KB), the handshake request
and response are let go once the socket is accepted, and uvicorn's attributes live in slots, not
an instance dict. Run with
`uvicorn --ws realtime.uvicorn_ws:LeanWebSocketProtocol`. tests/realtime/test_lean_protocol_*.py
fail if an upgrade of uvicorn or websockets moves what this relies on."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import ServerState


class _Waiters:
    __slots__ = ("_waiters",)

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] | None = None

    def _waiter(self) -> asyncio.Future[None]:
        """Awaited by the caller itself: a helper coroutine would be one more frame per socket."""
        future = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(future)
        return future

    def _forget(self, future: asyncio.Future[None]) -> None:
        if self._waiters is not None and future in self._waiters:
            self._waiters.remove(future)
            if not self._waiters:
                self._waiters = None

    def _wake(self, everyone: bool) -> None:
        for future in self._waiters or ():
            if not future.done():
                future.set_result(None)
                if not everyone:
                    return


class Gate(_Waiters):
    """`asyncio.Event` as uvicorn and the hub use it: is_set, set, clear, wait."""

    __slots__ = ("_set",)

    def __init__(self) -> None:
        super().__init__()
        self._set = True

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        if not self._set:
            self._set = True
            self._wake(everyone=True)

    def clear(self) -> None:
        self._set = False

    async def wait(self) -> bool:
        if not self._set:
            future = self._waiter()
            try:
                await future
            finally:
                self._forget(future)
        return True


class Inbox(_Waiters):
    """`asyncio.Queue` as uvicorn uses it for ASGI receive: put_nowait, get, empty. An item stays
    in the inbox until a reader takes it, so a reader cancelled while waking loses nothing."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Any] | None = None

    def put_nowait(self, item: Any) -> None:
        if self._items is None:
            self._items = []
        self._items.append(item)
        self._wake(everyone=False)

    def empty(self) -> bool:
        return not self._items

    async def get(self) -> Any:
        while not self._items:
            future = self._waiter()
            try:
                await future
            finally:
                self._forget(future)
        item = self._items.pop(0)
        if not self._items:
            self._items = None
        elif self._waiters:
            self._wake(everyone=False)
        return item


class LeanWebSocketProtocol(WebSocketsSansIOProtocol):
    # Every attribute uvicorn sets, as a slot: the ~40 would otherwise outgrow the shared-key
    # instance dict (30 keys) into a ~1.2 KB dict per socket.
    __slots__ = ("app", "app_state", "asgi_version", "client", "close_sent", "close_timeout", "close_timer",
                 "config", "conn", "connections", "curr_msg_data_type", "default_headers", "disconnected",
                 "frames", "handshake_complete", "handshake_initiated", "initial_response", "last_ping_rtt",
                 "logger", "loop", "pending_ping_payload", "ping_interval", "ping_sent_at", "ping_timeout",
                 "ping_timer", "pong_timer", "queue", "read_paused", "request", "response", "root_path",
                 "scheme", "scope", "server", "tasks", "transport", "writable")

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.queue = Inbox()  # type: ignore[assignment]
        self.writable = Gate()  # type: ignore[assignment]

    async def send(self, message: Any) -> None:
        await super().send(message)
        if self.handshake_complete and self.request is not None:
            # Never read again, but websockets' parser keeps the request until the socket closes.
            self.request.headers.clear()
            self.request = self.response = None  # type: ignore[assignment]
