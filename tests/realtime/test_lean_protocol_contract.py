"""realtime.uvicorn_ws swaps containers inside uvicorn's sans-I/O WebSocket protocol and lets go
of websockets' handshake request: these fail when an upgrade moves what that relies on."""

from __future__ import annotations

import inspect
import re

import uvicorn
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import ServerState
from websockets.datastructures import Headers

from realtime.uvicorn_ws import Gate, Inbox, LeanWebSocketProtocol

SOURCE = inspect.getsource(WebSocketsSansIOProtocol)


def calls_on(attribute: str) -> set[str]:
    return set(re.findall(rf"self\.{attribute}\.(\w+)", SOURCE))


def test_uvicorn_asks_of_its_queue_and_flag_only_what_inbox_and_gate_offer() -> None:
    assert calls_on("queue") and calls_on("queue") <= {"put_nowait", "get", "empty"}
    assert calls_on("writable") and calls_on("writable") <= {"set", "clear", "wait", "is_set"}
    assert all(callable(getattr(Inbox, name)) for name in calls_on("queue"))
    assert all(callable(getattr(Gate, name)) for name in calls_on("writable"))


def test_uvicorn_keeps_the_handshake_where_the_lean_protocol_lets_go_of_it() -> None:
    assert "self.request = event" in inspect.getsource(WebSocketsSansIOProtocol.handle_connect)
    assert "self.response = self.conn.accept(event)" in inspect.getsource(
        WebSocketsSansIOProtocol.handle_connect)
    headers = Headers({"Host": "example"})
    headers.clear()
    assert not headers


def test_every_attribute_uvicorn_sets_has_a_slot() -> None:
    """Also those set once a socket connects (scope) or accepts (request, response)."""
    assigned = set(re.findall(r"self\.(\w+)(?:: [^=\n]+)? = ", SOURCE))
    assert {"transport", "scope", "request", "response"} <= assigned
    assert assigned <= set(LeanWebSocketProtocol.__slots__)


async def test_the_lean_protocol_has_its_own_containers() -> None:
    async def app(scope: object, receive: object, send: object) -> None:
        raise AssertionError("never called")

    config = uvicorn.Config(app, ws=LeanWebSocketProtocol)
    config.load()
    assert config.ws_protocol_class is LeanWebSocketProtocol
    protocol = LeanWebSocketProtocol(config=config, server_state=ServerState(), app_state={})
    assert isinstance(protocol.queue, Inbox)
    assert isinstance(protocol.writable, Gate)
    assert protocol.writable.is_set()
    assert not vars(protocol)  # everything uvicorn set went into slots
    assert uvicorn.Config(app, ws="realtime.uvicorn_ws:LeanWebSocketProtocol").ws == (
        "realtime.uvicorn_ws:LeanWebSocketProtocol")
