"""Real PostgreSQL (built from migrations/) and real Redis; each test rolls back."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest
import redis
from litestar import Litestar

from app.embedded import embedded_database_url
from app.main import create_app
from app.migrate import scratch_database
from core.config import Settings
from core.db import Connection, create_pool
from tests.processes import serve

ROOT = Path(__file__).resolve().parent.parent
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS = "redis://127.0.0.1:6379/15"
ROLES = ("FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN")


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _server_url() -> str:
    """DATABASE_URL, else the local server, else the embedded one (as `make run` would;
    PNP_TEST_EMBEDDED=1 forces it)."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if _listening(5432) and os.environ.get("PNP_TEST_EMBEDDED") != "1":
        return LOCAL_POSTGRES
    return embedded_database_url(ROOT / "var" / "test")


def _redis_url() -> str | None:
    if "REDIS_URL" in os.environ:
        return os.environ["REDIS_URL"] or None
    return LOCAL_REDIS if _listening(6379) else None


def _cluster_ports(count: int) -> list[int]:
    """Free loopback ports chosen by pid (parallel sessions do not collide), below the ephemeral
    range with their cluster bus ports (+10000) too, so no client socket holds one."""
    base = 12000 + os.getpid() % 3500 * 3
    while any(_listening(p) or _listening(p + 10000) for p in range(base, base + count)):
        base = 12000 + (base - 12000 + count) % 10500
    return list(range(base, base + count))


def _wait_until(check: Callable[[], bool], what: str, within: float = 20) -> None:
    deadline = time.monotonic() + within
    while True:
        try:
            if check():
                return
        except redis.RedisError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis Cluster of three primaries on loopback ports of its own, for this session: its
    seed URLs, comma-separated (as `REDIS_URL` with `REDIS_CLUSTER=1`)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is needed for the cluster topology (apt-get install redis-server)"
    work = tmp_path_factory.mktemp("redis-cluster")
    ports = _cluster_ports(3)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(work / "notify"))
    notify.settimeout(20)
    nodes = [subprocess.Popen(  # noqa: S603 - the local redis-server binary, loopback only
        [server, "--port", str(p), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
         "--cluster-config-file", f"nodes-{p}.conf", "--save", "", "--appendonly", "no",
         "--dir", str(work), "--logfile", str(work / f"redis-{p}.log"), "--supervised", "systemd"],
        env={**os.environ, "NOTIFY_SOCKET": str(work / "notify")}) for p in ports]
    clients = [redis.Redis(host="127.0.0.1", port=p) for p in ports]
    try:
        ready = 0
        while ready < len(nodes):  # each node says READY=1 once it accepts connections
            ready += notify.recv(4096).count(b"READY=1")
        subprocess.run(  # noqa: S603
            [shutil.which("redis-cli") or "redis-cli", "--cluster", "create",
             *[f"127.0.0.1:{p}" for p in ports], "--cluster-replicas", "0", "--cluster-yes"],
            check=True, capture_output=True, timeout=60)
        for client in clients:  # a new primary holds its state at `fail` for its first 2 s
            _wait_until(lambda c=client: c.cluster("info")["cluster_state"] == "ok",
                        "cluster_state:ok")
        yield ",".join(f"redis://127.0.0.1:{p}" for p in ports)
    finally:
        notify.close()
        for client in clients:
            client.close()
        for node in nodes:
            node.terminate()
        for node in nodes:
            node.wait(10)


@pytest.fixture(scope="session", params=["redis", "cluster"] if _redis_url() else ["none"])
def redis_topology(request: pytest.FixtureRequest) -> tuple[str | None, bool]:
    """(`REDIS_URL`, `REDIS_CLUSTER`) of the topology under test: tests that ask for it run on one
    Redis and on a Redis Cluster (or once, in process, when there is no Redis)."""
    if request.param == "cluster":
        return request.getfixturevalue("redis_cluster"), True
    return _redis_url(), False


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    async with scratch_database(_server_url(), f"pnp_test_{os.getpid()}") as url:
        yield url


@pytest.fixture(scope="module")
async def committed_database(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A database of this test module's own, for data other processes must see committed."""
    name = f"pnp_{request.module.__name__.rsplit('.', 1)[-1]}_{os.getpid()}"[:63]
    async with scratch_database(_server_url(), name) as url:
        yield url


@pytest.fixture(scope="session")
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(database_url, min_size=1, max_size=10)
    yield pool
    await pool.close()


@pytest.fixture
async def conn(pool: asyncpg.Pool) -> AsyncIterator[Connection]:
    async with pool.acquire() as connection:
        # The rollback returns the catalogue version to where it was, so a page cached in Redis by
        # an earlier test would match again: a new epoch per test keeps their caches apart. It is
        # committed first: inside the test's transaction it would hold the row every write bumps.
        await connection.execute("UPDATE catalog_state SET epoch = gen_random_uuid()")
        tx = connection.transaction()
        await tx.start()
        try:
            yield connection
        finally:
            await tx.rollback()


class SharedConnection:
    """Hands the test's connection to the app: each request's transaction becomes a savepoint."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[Connection]:
        async with self._lock:
            yield self._conn

    async def close(self) -> None:
        return None


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Background loops are off (or rare): on the shared test connection they would race the
    test's own queries. Tests of a loop turn it on for themselves."""
    return Settings(
        environment="test", jwt_secret="test-secret-" + "x" * 40, dev_login=True,
        var_dir=tmp_path, redis_url=_redis_url(), telegram_bot_token="123456789:AAF-test-bot-token",
        telegram_init_data_max_age=3600, ice_host_addresses=("127.0.0.1",), auth_rate_per_minute=10_000,
        realtime_prefix=f"pnp:rt:test{os.getpid()}", booking_sweep_interval_s=0,
        moderation_redis_prefix=f"pnp:moderation:test{os.getpid()}:mute:",
        payment_expiry_interval_s=0, membership_interval_s=0, call_close_interval_s=0,
        presence_reconcile_every=3600, reminder_every=3600,
    )


@pytest.fixture
async def app(settings: Settings, conn: Connection) -> Litestar:
    return create_app(settings, db=SharedConnection(conn))


@pytest.fixture
def serve_app() -> Callable[[Litestar], Any]:
    """`async with serve_app(app) as url:` — a further real server, e.g. a second instance."""
    return serve


@pytest.fixture
async def base_url(app: Litestar) -> AsyncIterator[str]:
    async with serve(app) as url:
        yield url


@pytest.fixture
async def client(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        yield http


@pytest.fixture
def client_with(settings: Settings, conn: Connection) -> Callable[..., Any]:
    """`async with client_with(dev_login=False) as c:` — a second app with changed settings."""

    @asynccontextmanager
    async def _client(**changes: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(msgspec.structs.replace(settings, **changes), db=SharedConnection(conn))
        async with serve(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield http

    return _client


Login = Callable[..., Awaitable[dict[str, str]]]


@pytest.fixture
def login(client: httpx.AsyncClient) -> Login:
    """`await login("ADMIN")` → Authorization headers of a dev-login user with that role."""
    counter = iter(range(10_000, 20_000))

    async def _login(role: str, *, telegram_id: int | None = None,
                     username: str | None = None) -> dict[str, str]:
        body: dict[str, Any] = {"telegram_id": telegram_id or next(counter), "role": role}
        if username:
            body["username"] = username
        response = await client.post("/api/auth/dev-login", json=body)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return _login
