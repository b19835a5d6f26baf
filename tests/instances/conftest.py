"""Real app processes sharing PostgreSQL and Redis: a committed database of their own, a launcher,
and a private redis-server a test may restart."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest
import websockets

from app.migrate import migrate

ROOT = Path(__file__).resolve().parents[2]
SHARED_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="module")
async def shared_database(database_url: str) -> AsyncIterator[str]:
    name = f"pnp_instances_{os.getpid()}"
    admin = await asyncpg.connect(database_url)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = database_url.rsplit("/", 1)[0] + "/" + name
    conn = await asyncpg.connect(url)
    await migrate(conn)
    await conn.close()
    yield url
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


def free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


class Instance:
    def __init__(self, process: subprocess.Popen[bytes], url: str, prefix: str) -> None:
        self.process, self.url, self.prefix = process, url, prefix

    def http(self, **options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=30, **options)

    async def login(self, role: str, telegram_id: int) -> dict[str, str]:
        async with self.http() as http:
            response = await http.post("/api/auth/dev-login", json={"telegram_id": telegram_id, "role": role})
            assert response.status_code == 200, response.text
            return {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def model_id(self, headers: dict[str, str]) -> int:
        async with self.http(headers=headers) as http:
            return int((await http.get("/api/me")).json()["model_id"])

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


Launch = Callable[..., Any]


@pytest.fixture
async def launch(shared_database: str, tmp_path: Path) -> AsyncIterator[Launch]:
    """`await launch(REDIS_URL=...)` → a started instance; every instance of a test shares its
    Redis names. Its public URL is the port it listens on."""
    started: list[Instance] = []
    base = {**os.environ, "DATABASE_URL": shared_database, "REDIS_URL": SHARED_REDIS, "PNP_DEV_LOGIN": "1",
            "PNP_ENV": "test", "PNP_JWT_SECRET": "instances-secret-" + "z" * 30, "PNP_VAR_DIR": str(tmp_path),
            "PYTHONPATH": str(ROOT), "PNP_RT_PREFIX": f"pnp:rt:inst{os.getpid()}:{tmp_path.name}",
            "ICE_HOST_ADDRESSES": "127.0.0.1", "PNP_REMINDER_EVERY": "3600",
            "PNP_AUTH_RATE_PER_MINUTE": "100000", "PNP_CHAT_BURST": "50", "PNP_CHAT_PER_SECOND": "50"}

    async def _launch(**env: str) -> Instance:
        sock = free_socket()
        sock.listen(128)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        process = subprocess.Popen(  # noqa: S603, ASYNC220 - our own app, starts at once
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--fd", str(sock.fileno()),
             "--log-level", "warning"],
            cwd=ROOT, env={**base, "PNP_INSTANCE_URL": url, **env}, pass_fds=[sock.fileno()])
        sock.close()
        instance = Instance(process, url, base["PNP_RT_PREFIX"])
        started.append(instance)
        async with instance.http() as http:  # the socket queues us until start-up ends
            assert (await http.get("/healthz", timeout=60)).status_code == 200
        return instance

    yield _launch
    for instance in started:
        if instance.process.poll() is None:
            instance.process.terminate()
        await asyncio.to_thread(instance.process.wait, 20)


class RedisServer:
    """A redis-server of the test's own that keeps nothing on disk, so a restart empties it, and
    announces expired keys (`__keyevent@0__:expired`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        with free_socket() as sock:
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

