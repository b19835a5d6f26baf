"""A response's head and body leave in one socket write (app/ops/http_protocol.py, decision 0102);
a head without a body in the same turn of the loop still leaves, and 100 Continue is not held."""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.server import ServerState

from app.ops.http_protocol import HeadWithBodyProtocol


class Recorder(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.wrote = asyncio.Event()

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))
        self.wrote.set()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 8000) if name in ("sockname", "peername") else default

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        return None

    def resume_reading(self) -> None:
        return None

    def close(self) -> None:
        return None


async def app(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"11")]})
    await send({"type": "http.response.body", "body": b'{"ok":true}'})


async def exchange(request: bytes, writes: int) -> list[bytes]:
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    config.load()
    protocol = HeadWithBodyProtocol(config, ServerState(), {})
    transport = Recorder()
    protocol.connection_made(transport)
    protocol.data_received(request)
    async with asyncio.timeout(5):
        while len(transport.writes) < writes:
            transport.wrote.clear()
            await transport.wrote.wait()
    protocol.connection_lost(None)
    return transport.writes


async def test_head_and_body_in_one_write() -> None:
    [write] = await exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1)
    assert write.startswith(b"HTTP/1.1 200 OK\r\n") and write.endswith(b'\r\n\r\n{"ok":true}')


async def test_head_request_answered() -> None:
    [write] = await exchange(b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", 1)
    assert write.startswith(b"HTTP/1.1 200 OK\r\n") and write.endswith(b"\r\n\r\n")


async def test_continue_sent_before_the_body_arrives() -> None:
    request = b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"
    writes = await exchange(request, 1)
    assert writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
