"""Booking engine benchmark (not a test). Builds its own database from migrations/, starts a real
server (`python -m app serve` in a separate process; --workers N sets its WORKERS) on 127.0.0.1 and
measures:

1. hold races: C clients hold the same slot at once, R rounds → exactly one winner each round;
   hold latency p50/p95 (also through the service layer with a real pool, without HTTP: one process,
   so its holds of one slot follow a leader, app/bookings/races.py);
2. hold → confirm flows per second (client POST /api/bookings, admin PUT status=confirmed);
3. availability of a model with 20 overrides and 200 bookings over 31 days, computed and cached: p50/p95.

    /work/main/.venv/bin/python bench/booking.py [--rounds 100 --clients 200 --flows 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import asyncpg
import uvloop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.auth.tokens import CurrentUser, issue_tokens  # noqa: E402
from app.bookings.holds import hold_slot  # noqa: E402
from app.bookings.limits import attempt_limiter  # noqa: E402
from app.bookings.races import HoldRaces  # noqa: E402
from app.bookings.schemas import HoldIn  # noqa: E402
from app.errors import Problem  # noqa: E402
from app.migrate import scratch_database  # noqa: E402
from bench.lean_http import Session  # noqa: E402
from core.config import Settings  # noqa: E402
from core.db import create_pool  # noqa: E402

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
SECRET = "bench-secret-" + "x" * 40
LIVE = "('held', 'pending_payment', 'confirmed', 'in_progress')"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@functools.cache
def token(user_id: int, role: str = "PRIME") -> str:
    """A client keeps its access token for its lifetime, as the browser app does."""
    return issue_tokens(CurrentUser(user_id, role, True), secret=SECRET, access_ttl=7200,  # type: ignore[arg-type]
                        refresh_ttl=7200).access_token


async def setup(url: str, clients: int) -> dict:
    conn = await asyncpg.connect(url)
    users = [r["id"] for r in await conn.fetch(
        """INSERT INTO users (telegram_id, role, onboarding_complete, terms_accepted_at, adult_confirmed_at)
           SELECT 900000 + i, 'PRIME', true, now(), now() FROM generate_series(1, $1) i RETURNING id""",
        clients)]
    admin = await conn.fetchval(
        """INSERT INTO users (telegram_id, role, onboarding_complete, terms_accepted_at, adult_confirmed_at)
           VALUES (899999, 'ADMIN', true, now(), now()) RETURNING id""")
    models = [r["id"] for r in await conn.fetch(
        """INSERT INTO pnp_models (display_name, min_notice_min, booking_window_days)
           SELECT 'Bench ' || i, 0, 365 FROM generate_series(1, 22) i RETURNING id""")]
    await conn.execute("INSERT INTO pnp_model_prices (model_id, duration_minutes, price_cents) "
                       "SELECT id, 30, 5000 FROM unnest($1::bigint[]) id", models)
    await conn.execute("INSERT INTO pnp_model_schedules (model_id, weekday, start_minute, end_minute) "
                       "SELECT id, d, 0, 1440 FROM unnest($1::bigint[]) id, generate_series(1, 7) d", models)
    # The availability model: weekly 09:00–21:00, 20 date overrides, 200 bookings over 31 days.
    busy = models[-1]
    await conn.execute("DELETE FROM pnp_model_schedules WHERE model_id = $1", busy)
    await conn.execute("INSERT INTO pnp_model_schedules (model_id, weekday, start_minute, end_minute) "
                       "SELECT $1, d, 540, 1260 FROM generate_series(1, 7) d", busy)
    day0 = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    await conn.execute(
        """INSERT INTO pnp_availability (model_id, kind, local_date, starts_at, ends_at)
           SELECT $1, 'override', ($2::timestamptz + make_interval(days => i))::date,
                  $2::timestamptz + make_interval(days => i, hours => 8),
                  $2::timestamptz + make_interval(days => i, hours => 22)
           FROM generate_series(0, 30, 3) i LIMIT 20""", busy, day0)
    await conn.execute(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           SELECT $1, $2, 'confirmed', s, s + interval '30 minutes', 30, 5000, 'USD'
           FROM (SELECT $3::timestamptz + make_interval(days => i / 7, hours => 9 + (i % 7) * 2) s
                 FROM generate_series(0, 199) i) x""", busy, users[0], day0)
    await conn.close()
    return {"users": users, "admin": admin, "models": models[:-1], "busy": busy, "day0": day0}


# models[0]: the race, [1]: the service-layer race, [2:-1]: flows, [-1]: one at a time.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def start_server(url: str, port: int, workers: int = 1,
                       python_args: list[str] | tuple[str, ...] = ()) -> asyncio.subprocess.Process:
    env = {**os.environ, "DATABASE_URL": url, "PNP_JWT_SECRET": SECRET,
           "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
           "PNP_BOOKING_ATTEMPTS_PER_MINUTE": "100000000", "PNP_BOOKING_MAX_LIVE_HOLDS": "100000000",
           "PNP_BOOKING_SWEEP_INTERVAL_S": "0", "PNP_VAR_DIR": tempfile.mkdtemp(prefix="pnp-bench-")}
    env.update(HOST="127.0.0.1", PORT=str(port), WORKERS=str(workers), PNP_ACCESS_LOG="0")
    proc = await asyncio.create_subprocess_exec(  # the real entry point, as `make run` starts it
        sys.executable, *python_args, "-m", "app", "serve", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    ready = asyncio.Semaphore(0)
    LOG_READERS.add(asyncio.ensure_future(pass_on_log(proc, ready)))
    try:
        async with asyncio.timeout(60):
            for _ in range(workers + 1):
                await ready.acquire()
    except TimeoutError:
        proc.kill()
        raise RuntimeError("server did not start") from None
    return proc


LOG_READERS: set[asyncio.Task[None]] = set()


async def pass_on_log(proc: asyncio.subprocess.Process, ready: asyncio.Semaphore) -> None:
    """Copies the server's log to ours, counting what start-up says: each worker's "Application
    startup complete" and the one "Uvicorn running on" (the port listens)."""
    assert proc.stderr is not None
    async for line in proc.stderr:
        sys.stderr.buffer.write(line)
        if b"Application startup complete" in line or b"Uvicorn running on" in line:
            ready.release()


async def timed(http: Session, method: str, path: str, body: Any = None,
                headers: dict[str, str] | None = None) -> tuple[int, float, Any]:
    started = time.perf_counter()
    status, answer = await http.request(method, path, body, headers)
    return status, (time.perf_counter() - started) * 1000, answer


class Clients:
    """A keep-alive connection per simulated client, opened before anything is timed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sessions: list[Session] = []

    def __getitem__(self, i: int) -> Session:
        while len(self.sessions) <= i:
            self.sessions.append(Session("127.0.0.1", self.port))
        return self.sessions[i]

    async def close(self) -> None:
        for session in self.sessions:
            await session.close()


async def hold_races(clients: Clients, world: dict, rounds: int) -> None:
    users, model = world["users"], world["models"][0]
    headers = [{"Authorization": f"Bearer {token(u)}"} for u in users]
    latencies, bad = [], 0
    start0 = world["day0"] + timedelta(days=2)
    for r in range(rounds):
        start = (start0 + timedelta(minutes=30 * r)).isoformat()
        results = await asyncio.gather(*(
            timed(clients[i], "POST", "/api/bookings", {"model_id": model, "start": start,
                                                        "duration_minutes": 30},
                  {**h, "Idempotency-Key": f"race-{r}-{i}"}) for i, h in enumerate(headers)))
        codes = [c for c, _, _ in results]
        bad += codes.count(201) != 1 or any(c not in (201, 409) for c in codes)
        latencies += [ms for _, ms, _ in results]
    print(f"hold race over HTTP: {rounds} rounds x {len(users)} clients, rounds without exactly one "
          f"winner: {bad}; latency p50 {pct(latencies, .5):.1f} ms, p95 {pct(latencies, .95):.1f} ms, "
          f"max {max(latencies):.1f} ms")


async def sequential_holds(clients: Clients, world: dict, count: int) -> None:
    """One request at a time, free slots: the service time of a hold without queueing."""
    model, users = world["models"][-1], world["users"]
    latencies = []
    start0 = world["day0"] + timedelta(days=40)
    for i in range(count):
        code, ms, body = await timed(
            clients[0], "POST", "/api/bookings",
            {"model_id": model, "start": (start0 + timedelta(minutes=30 * i)).isoformat(),
             "duration_minutes": 30},
            {"Authorization": f"Bearer {token(users[i % len(users)])}", "Idempotency-Key": f"seq-{i}"})
        assert code == 201, body
        latencies.append(ms)
    print(f"single holds, one at a time: {count} requests, p50 {pct(latencies, .5):.1f} ms, "
          f"p95 {pct(latencies, .95):.1f} ms")


async def service_races(url: str, world: dict, rounds: int) -> None:
    pool = await create_pool(url, min_size=20, max_size=20)
    settings = Settings(jwt_secret=SECRET, booking_attempts_per_minute=10**9, booking_max_live_holds=10**9)
    model, users = world["models"][1], world["users"]
    latencies, bad = [], 0
    limiter = attempt_limiter(None, "bench", per_minute=settings.booking_attempts_per_minute)
    races = HoldRaces(pool)

    async def one(user: int, start: datetime, key: str) -> tuple[bool, float]:
        began = time.perf_counter()
        try:
            await hold_slot(pool, None, settings, limiter, races, user=CurrentUser(user, "PRIME", True),
                            data=HoldIn(model_id=model, start=start, duration_minutes=30), key=key)
            won = True
        except Problem:
            won = False
        return won, (time.perf_counter() - began) * 1000

    start0 = world["day0"] + timedelta(days=2)
    for r in range(rounds):
        start = start0 + timedelta(minutes=30 * r)
        results = await asyncio.gather(*(one(u, start, f"svc-{r}-{i}") for i, u in enumerate(users)))
        bad += sum(w for w, _ in results) != 1
        latencies += [ms for _, ms in results]
    await pool.close()
    print(f"hold race in the service layer (pool of 20): rounds without exactly one winner: {bad}; "
          f"latency p50 {pct(latencies, .5):.1f} ms, p95 {pct(latencies, .95):.1f} ms")


async def flows(clients: Clients, world: dict, count: int, concurrency: int) -> None:
    models, users = world["models"][2:-1], world["users"]
    admin = {"Authorization": f"Bearer {token(world['admin'], 'ADMIN')}"}
    free = list(range(concurrency))  # a connection per concurrent client
    failures = 0
    hold_ms: list[float] = []
    start0 = world["day0"] + timedelta(days=10)
    gate = asyncio.Semaphore(concurrency)

    async def flow(i: int) -> None:
        nonlocal failures
        user = users[i % len(users)]
        start = start0 + timedelta(minutes=30 * (i // len(models)))
        async with gate:
            http = clients[free.pop()]
            try:
                code, ms, body = await timed(http, "POST", "/api/bookings", {
                    "model_id": models[i % len(models)], "start": start.isoformat(), "duration_minutes": 30},
                    {"Authorization": f"Bearer {token(user)}", "Idempotency-Key": f"flow-{i}"})
                hold_ms.append(ms)
                if code != 201:
                    failures += 1
                    return
                code, _, _ = await timed(http, "PUT", f"/api/admin/bookings/{body['id']}",
                                         {"status": "confirmed"}, admin)
                failures += code != 200
            finally:
                free.append(clients.sessions.index(http))

    began = time.perf_counter()
    await asyncio.gather(*(flow(i) for i in range(count)))
    elapsed = time.perf_counter() - began
    print(f"hold→confirm flows: {count} in {elapsed:.2f} s = {count / elapsed:.0f} flows/s "
          f"(concurrency {concurrency}, failures {failures}); hold latency in these flows p50 "
          f"{pct(hold_ms, .5):.1f} ms, p95 {pct(hold_ms, .95):.1f} ms")


async def availability(clients: Clients, world: dict, requests: int) -> None:
    """Computed each time (a different `to` a minute apart: a new cache key), then one query repeated
    (answered from the Redis cache after the first)."""
    end = world["day0"] + timedelta(days=31)
    for label, shift in (("computed", 1), ("cached", 0)):
        latencies, slots = [], 0
        for i in range(requests):
            to = end - timedelta(minutes=i * shift)
            query = urlencode({"from": world["day0"].isoformat(), "to": to.isoformat(), "duration": "30",
                               "tz": "America/New_York"})
            code, ms, body = await timed(clients[0], "GET",
                                         f"/api/models/{world['busy']}/availability?{query}")
            assert code == 200, body
            latencies.append(ms)
            slots = len(body["slots"])
        print(f"availability {label}, 31 days, 20 overrides, 200 bookings ({slots} slots): {requests} "
              f"requests, p50 {pct(latencies, .5):.1f} ms, p95 {pct(latencies, .95):.1f} ms")


async def check_no_overlap(url: str) -> None:
    conn = await asyncpg.connect(url)
    overlapping = await conn.fetchval(
        f"""SELECT count(*) FROM pnp_bookings a JOIN pnp_bookings b ON a.model_id = b.model_id
              AND a.id < b.id AND a.occupied && b.occupied
            WHERE a.status IN {LIVE} AND b.status IN {LIVE}""")
    total = await conn.fetchval("SELECT count(*) FROM pnp_bookings")
    await conn.close()
    print(f"bookings in the table: {total}; overlapping live pairs: {overlapping}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--flows", type=int, default=1000)
    parser.add_argument("--flow-concurrency", type=int, default=32)
    parser.add_argument("--availability", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (WORKERS of `python -m app serve`)")
    args = parser.parse_args()
    async with scratch_database(SERVER, f"pnp_bench_{os.getpid()}") as url:
        world = await setup(url, args.clients)
        port = free_port()
        server = await start_server(url, port, args.workers)
        clients = Clients(port)
        try:
            await sequential_holds(clients, world, args.availability)
            await hold_races(clients, world, args.rounds)
            await flows(clients, world, args.flows, args.flow_concurrency)
            await availability(clients, world, args.availability)
        finally:
            await clients.close()
            server.terminate()
            await server.wait()
        await service_races(url, world, args.rounds)
        await check_no_overlap(url)


if __name__ == "__main__":
    uvloop.run(main())  # the client's share of the 2 cores, as small as it gets
