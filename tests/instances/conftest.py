"""Real app processes sharing PostgreSQL and Redis: a launcher, a private redis-server a test may
restart, and a WebSocket client."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
import websockets

from tests.processes import Instance, Instances, listening_socket

SHARED_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
async def instances(committed_database: str, tmp_path: Path) -> AsyncIterator[Instances]:
    """App processes of this test; all of them share its Redis names."""
    instances = Instances({
        **os.environ, "DATABASE_URL": committed_database, "REDIS_URL": SHARED_REDIS, "PNP_DEV_LOGIN": "1",
        "PNP_ENV": "test", "PNP_JWT_SECRET": "instances-secret-" + "z" * 30, "PNP_VAR_DIR": str(tmp_path),
        "PNP_RT_PREFIX": f"pnp:rt:inst{os.getpid()}:{tmp_path.name}", "ICE_HOST_ADDRESSES": "127.0.0.1",
        "PNP_REMINDER_EVERY": "3600", "PNP_AUTH_RATE_PER_MINUTE": "100000", "PNP_CHAT_BURST": "50",
        "PNP_CHAT_PER_SECOND": "50"})
    yield instances
    await instances.stop()


@pytest.fixture
def launch(instances: Instances) -> Callable[..., Any]:
    """`await launch(REDIS_URL=...)` → a started `Instance`."""
    return instances.start


class RedisServer:
    """A redis-server of the test's own that keeps nothing on disk, so a restart empties it, and
    announces expired keys (`__keyevent@0__:expired`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        with listening_socket() as sock:
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: asyncio.subprocess.Process | None = None
        self._drain: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Returns once the server logs that it accepts connections."""
        executable = shutil.which("redis-server")
        assert executable, "redis-server is not installed"
        self.process = await asyncio.create_subprocess_exec(
            executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--notify-keyspace-events", "Ex", "--dir", str(self.directory), stdout=asyncio.subprocess.PIPE)
        assert self.process.stdout is not None
        async with asyncio.timeout(10):
            while b"Ready to accept connections" not in await self.process.stdout.readline():
                pass
        self._drain = asyncio.create_task(self._discard(self.process.stdout))

    @staticmethod
    async def _discard(stream: asyncio.StreamReader) -> None:
        while await stream.read(65536):
            pass

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()
        if self._drain is not None:
            await self._drain

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@pytest.fixture
async def private_redis(tmp_path: Path) -> AsyncIterator[RedisServer]:
    server = RedisServer(tmp_path)
    await server.start()
    yield server
    await server.stop()


class Client:
    """A WebSocket client of the gateway (`websockets`), authenticated by the subprotocol."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    @classmethod
    async def open(cls, instance: Instance, headers: dict[str, str]) -> Client:
        token = headers["Authorization"].removeprefix("Bearer ")
        ws = await websockets.connect(instance.url.replace("http://", "ws://") + "/ws",
                                      subprotocols=["pnp.v1", f"bearer.{token}"])  # type: ignore[list-item]
        return cls(ws)

    async def send(self, **frame: Any) -> None:
        await self.ws.send(msgspec.json.encode(frame).decode())

    async def expect_any(self, *types: str, within: float = 10) -> dict[str, Any]:
        async with asyncio.timeout(within):
            while True:
                frame = msgspec.json.decode(await self.ws.recv())
                if frame["type"] in types:
                    return frame

    async def expect(self, type_: str, *, within: float = 10, **match: Any) -> dict[str, Any]:
        """The next frame of that type whose fields match; other frames are skipped."""
        async with asyncio.timeout(within):
            while True:
                frame = msgspec.json.decode(await self.ws.recv())
                if frame["type"] == type_ and all(frame.get(k) == v for k, v in match.items()):
                    return frame

