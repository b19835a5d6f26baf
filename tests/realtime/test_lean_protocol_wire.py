"""Under the lean protocol a WebSocket still speaks the whole protocol: fragmented messages arrive
whole, pings are answered, both close handshakes carry their code, oversized messages get 1009,
and a peer that stops reading holds the app's sends back until it reads again."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
import websockets

from realtime.uvicorn_ws import LeanWebSocketProtocol

MAX_SIZE = 4096
FLOOD_FRAMES = 128  # 8 MB: more than the kernel buffers for a socket (tcp_wmem max 4 MB)


class Echo:
    """Echoes text and bytes; "close" closes with 4001, "flood" sends FLOOD_FRAMES of 64 KB."""

    def __init__(self) -> None:
        self.disconnected: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.flooded = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "websocket"
        assert (await receive())["type"] == "websocket.connect"
        await send({"type": "websocket.accept"})
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                self.disconnected.set_result(message)
                return
            if message.get("text") == "close":
                await send({"type": "websocket.close", "code": 4001, "reason": "bye"})
            elif message.get("text") == "flood":
                for _ in range(FLOOD_FRAMES):
                    await send({"type": "websocket.send", "bytes": b"x" * 65536})
                await send({"type": "websocket.send", "text": "flooded"})
                self.flooded.set()
            else:
                await send({"type": "websocket.send", **{k: message[k] for k in ("text", "bytes")
                                                         if message.get(k) is not None}})


@pytest.fixture
async def echo() -> AsyncIterator[tuple[str, Echo, uvicorn.Server]]:
    app = Echo()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning", ws=LeanWebSocketProtocol,
                                           ws_max_size=MAX_SIZE, ws_per_message_deflate=False,
                                           timeout_graceful_shutdown=5))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    yield f"ws://127.0.0.1:{sock.getsockname()[1]}/", app, server
    server.should_exit = True
    await task
    sock.close()


async def test_fragments_arrive_whole_and_pings_are_answered(echo: Any) -> None:
    url, _, _ = echo
    async with websockets.connect(url) as ws:
        await ws.send(iter(["frag", "ment", "ed"]))
        assert await asyncio.wait_for(ws.recv(), 5) == "fragmented"
        await ws.send(b"\x00\x01")
        assert await asyncio.wait_for(ws.recv(), 5) == b"\x00\x01"
        await asyncio.wait_for(await ws.ping(b"hi"), 5)
        for i in range(50):
            await ws.send(f"m{i}")
        assert [await asyncio.wait_for(ws.recv(), 5) for _ in range(50)] == [f"m{i}" for i in range(50)]


async def test_server_close_carries_its_code(echo: Any) -> None:
    url, _, _ = echo
    async with websockets.connect(url) as ws:
        await ws.send("close")
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4001, "bye")


async def test_client_close_reaches_the_app(echo: Any) -> None:
    url, app, _ = echo
    async with websockets.connect(url) as ws:
        await ws.close(code=4002, reason="done")
    message = await asyncio.wait_for(app.disconnected, 5)
    assert (message["code"], message["reason"]) == (4002, "done")


async def test_an_oversized_message_is_refused_with_1009(echo: Any) -> None:
    url, _, _ = echo
    async with websockets.connect(url) as ws:
        await ws.send("x" * (MAX_SIZE + 1))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd.code == 1009


async def test_a_peer_that_stops_reading_holds_sends_back_until_it_reads(echo: Any) -> None:
    url, app, server = echo
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the kernel buffers little for us
    sock.connect(("127.0.0.1", int(url.rsplit(":", 1)[1].strip("/"))))
    async with websockets.connect(url, sock=sock, max_queue=1, max_size=None) as ws:
        (protocol,) = server.server_state.connections
        paused, pause_writing = asyncio.Event(), protocol.pause_writing

        def pause() -> None:  # the transport's buffer has passed its high-water mark
            pause_writing()
            paused.set()

        protocol.pause_writing = pause
        await ws.send("flood")
        await asyncio.wait_for(paused.wait(), 5)
        assert not protocol.writable.is_set()
        assert not app.flooded.is_set()
        received = [await asyncio.wait_for(ws.recv(), 5) for _ in range(FLOOD_FRAMES + 1)]
    assert received[-1] == "flooded"
    assert all(frame == b"x" * 65536 for frame in received[:-1])
    assert protocol.writable.is_set()
