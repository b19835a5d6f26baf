"""Real servers for tests: a socket to listen on, the app served by uvicorn on this event loop, and
app processes started as `make run` starts one (uvicorn with the lean WebSocket protocol) on a
socket handed over with `--fd`."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from litestar import Litestar

from realtime.uvicorn_ws import LeanWebSocketProtocol

ROOT = Path(__file__).resolve().parents[1]


def listening_socket() -> socket.socket:
    """A socket listening on a free loopback port: a client may connect before the server runs,
    the kernel queues it until start-up has finished."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    return sock


@asynccontextmanager
async def serve(app: Litestar) -> AsyncIterator[str]:
    """The app on a real uvicorn server on this event loop, at the URL it yields."""
    sock = listening_socket()
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning",
                                           ws=LeanWebSocketProtocol, ws_per_message_deflate=False,
                                           timeout_graceful_shutdown=5))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


class Instance:
    def __init__(self, process: subprocess.Popen[bytes], url: str, env: dict[str, str]) -> None:
        self.process, self.url, self.env = process, url, env

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


class Instances:
    """Starts app processes with a shared environment; `stop()` ends those still running."""

    def __init__(self, env: dict[str, str]) -> None:
        self._env = env
        self._started: list[Instance] = []

    async def start(self, **env: str) -> Instance:
        """Returns once the instance answers `/healthz`. Its public URL is the port it listens on."""
        sock = listening_socket()
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        env = {**self._env, "PYTHONPATH": str(ROOT), "PNP_INSTANCE_URL": url, **env}
        process = subprocess.Popen(  # noqa: S603, ASYNC220 - our own app, starts at once
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--fd", str(sock.fileno()),
             "--log-level", "warning", "--ws", "realtime.uvicorn_ws:LeanWebSocketProtocol"],
            cwd=ROOT, env=env, pass_fds=[sock.fileno()])
        sock.close()
        instance = Instance(process, url, env)
        self._started.append(instance)
        async with instance.http() as http:
            assert (await http.get("/healthz", timeout=60)).status_code == 200
        return instance

    async def stop(self) -> None:
        for instance in self._started:
            if instance.process.poll() is None:
                instance.process.terminate()
            await asyncio.to_thread(instance.process.wait, 20)
