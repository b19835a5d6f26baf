"""Real servers for tests: a socket to listen on, the app served by uvicorn on this event loop, and
app processes started as `make run` starts one (uvicorn with the lean WebSocket protocol) on a
socket handed over with `--fd`, or by `python -m app serve` itself (`WORKERS` processes)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO, Any

import httpx
import uvicorn
from litestar import Litestar

from app.ops.http_protocol import HeadWithBodyProtocol
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
                                           http=HeadWithBodyProtocol, ws=LeanWebSocketProtocol,
                                           ws_per_message_deflate=False,
                                           timeout_graceful_shutdown=5))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


def _pass_on_log(stream: IO[bytes], started: threading.Semaphore) -> None:
    """Copies a server's log to ours, counting the workers that have started and the listening
    socket: uvicorn says "Uvicorn running on" once it listens (one worker: after its start-up;
    several: in the parent, before it spawns them)."""
    for line in stream:
        os.write(2, line)
        if b"Application startup complete" in line or b"Uvicorn running on" in line:
            started.release()


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
        instance = self._spawn(sock.getsockname()[1], env, pass_fds=[sock.fileno()], command=[
            "uvicorn", "app.main:create_app", "--factory", "--fd", str(sock.fileno()),
            "--log-level", "warning", "--ws", "realtime.uvicorn_ws:LeanWebSocketProtocol"])
        sock.close()
        return await self._healthy(instance)

    async def serve(self, workers: int, **env: str) -> Instance:
        """`python -m app serve` as `make run` starts it, with `WORKERS=workers`, on a port that was
        free a moment ago; returns once every worker has started and the port listens."""
        with listening_socket() as sock:
            port = sock.getsockname()[1]
        instance = self._spawn(port, {"HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers), **env},
                               command=["app", "serve"], stderr=subprocess.PIPE)
        started = threading.Semaphore(0)
        threading.Thread(target=_pass_on_log, args=(instance.process.stderr, started), daemon=True).start()
        for _ in range(workers + 1):
            assert await asyncio.to_thread(started.acquire, timeout=60), "the server did not start"
        return await self._healthy(instance)

    def _spawn(self, port: int, env: dict[str, str], *, command: list[str],
               pass_fds: tuple[int, ...] | list[int] = (), stderr: int | None = None) -> Instance:
        url = f"http://127.0.0.1:{port}"
        env = {**self._env, "PYTHONPATH": str(ROOT), "PNP_INSTANCE_URL": url, **env}
        process = subprocess.Popen(  # noqa: S603 - our own app
            [sys.executable, "-m", *command], cwd=ROOT, env=env, pass_fds=pass_fds, stderr=stderr)
        instance = Instance(process, url, env)
        self._started.append(instance)
        return instance

    @staticmethod
    async def _healthy(instance: Instance) -> Instance:
        async with instance.http() as http:
            assert (await http.get("/healthz", timeout=60)).status_code == 200
        return instance

    async def stop(self) -> None:
        for instance in self._started:
            if instance.process.poll() is None:
                instance.process.terminate()
            await asyncio.to_thread(instance.process.wait, 20)
