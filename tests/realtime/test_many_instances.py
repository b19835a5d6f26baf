"""Two real app processes sharing Redis and PostgreSQL behave as one: chat, presence and a
crashed instance's models going offline; and on stop each socket hears `reconnect`."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from app.migrate import migrate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
async def shared_database(database_url: str) -> AsyncIterator[str]:
    """Committed data for several processes: a database of its own, built from migrations/."""
    name = f"pnp_rt_multi_{os.getpid()}"
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


class Instance:
    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process, self.url = process, url

    async def login(self, role: str, telegram_id: int) -> dict[str, str]:
        async with httpx.AsyncClient(base_url=self.url) as http:
            response = await http.post("/api/auth/dev-login", json={"telegram_id": telegram_id, "role": role})
            assert response.status_code == 200, response.text
            return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
async def launch(shared_database: str, tmp_path_factory: Any,
                 redis_topology: tuple[str | None, bool]) -> AsyncIterator[Callable[..., Any]]:
    started: list[Instance] = []
    url, cluster = redis_topology
    assert url, "several instances need Redis"
    env = {**os.environ, "DATABASE_URL": shared_database, "REDIS_URL": url,
           "REDIS_CLUSTER": "1" if cluster else "", "PNP_DEV_LOGIN": "1",
           "PNP_ENV": "test", "PNP_JWT_SECRET": "multi-instance-secret-" + "y" * 30,
           "PNP_VAR_DIR": str(tmp_path_factory.mktemp("instances")), "PYTHONPATH": str(ROOT),
           "PNP_RT_PREFIX": f"pnp:rt:multi{os.getpid()}", "PNP_PRESENCE_TTL": "1.5",
           "PNP_PRESENCE_RECONCILE_EVERY": "0.2", "PNP_REMINDER_EVERY": "3600",
           "PNP_AUTH_RATE_PER_MINUTE": "100000"}

    async def _launch() -> Instance:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        process = subprocess.Popen(  # noqa: S603, ASYNC220 - our own app, starts at once
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--fd",
             str(sock.fileno()), "--log-level", "warning",
             "--ws", "realtime.uvicorn_ws:LeanWebSocketProtocol"],
            cwd=ROOT, env=env, pass_fds=[sock.fileno()])
        sock.close()
        instance = Instance(process, url)
        started.append(instance)
        async with httpx.AsyncClient(base_url=url) as http:  # the socket queues us until start-up ends
            assert (await http.get("/healthz", timeout=60)).status_code == 200
        return instance

    yield _launch
    for instance in started:
        if instance.process.poll() is None:
            instance.process.terminate()
        await asyncio.to_thread(instance.process.wait, 20)


async def test_message_posted_on_one_instance_reaches_a_subscriber_on_the_other(launch, open_ws) -> None:
    a, b = await launch(), await launch()
    model = await a.login("MODEL", 7_100_001)
    async with httpx.AsyncClient(base_url=a.url, headers=model) as http:
        model_id = (await http.get("/api/me")).json()["model_id"]
    room = f"live:{model_id}"
    alice = await open_ws(await a.login("PRIME", 7_100_002), a.url)
    bob = await open_ws(await b.login("FREE", 7_100_003), b.url)
    for member in (alice, bob):
        assert (await member.subscribe(f"room:{room}"))["type"] == "subscribed"
    await alice.send(type="chat", room=room, text="hello from instance A")
    heard = await bob.expect("chat", within=10)
    assert heard["text"] == "hello from instance A" and heard["user_id"] == alice.user_id
    await bob.send(type="chat", room=room, text="and back from B")
    assert (await alice.expect("chat", text="and back from B", within=10))["user_id"] == bob.user_id


async def test_models_of_a_crashed_instance_go_offline_within_seconds(launch, open_ws) -> None:
    a, doomed = await launch(), await launch()
    model = await doomed.login("MODEL", 7_100_011)
    async with httpx.AsyncClient(base_url=doomed.url, headers=model) as http:
        model_id = (await http.get("/api/me")).json()["model_id"]
        await open_ws(model, doomed.url)  # the doomed instance heartbeats for this model
        watcher = await open_ws(await a.login("FREE", 7_100_012), a.url)
        await watcher.subscribe("presence")
        assert (await http.post("/api/model/me/status", json={"online": True})).status_code == 200
    await watcher.expect("presence", model_id=model_id, online=True, within=10)
    doomed.process.send_signal(signal.SIGKILL)
    offline = await watcher.expect("presence", model_id=model_id, online=False, within=10)
    assert offline["last_seen_at"]


async def test_stopping_an_instance_sends_reconnect_first(launch, open_ws) -> None:
    instance = await launch()
    alice = await open_ws(await instance.login("PRIME", 7_100_021), instance.url)
    await alice.expect("unread")
    instance.process.send_signal(signal.SIGTERM)
    assert (await alice.expect("reconnect", within=10))["reason"]
    await asyncio.to_thread(instance.process.wait, 20)
