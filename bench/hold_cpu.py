"""Server CPU per hold and per hold→confirm flow (not a test). CPU time, not wall clock, so the
figure holds on a shared machine: one uvicorn process (bench/booking.py's set-up), the server's and
its PostgreSQL backends' user+system time read from /proc around each phase.

    /work/main/.venv/bin/python bench/hold_cpu.py [--holds 400 --race 200 --flows 400]
    /work/main/.venv/bin/python bench/hold_cpu.py --profile hold.prof   # cProfile of the server
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

import aiohttp
import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from booking import SERVER, free_port, setup, start_server, token

from app.migrate import scratch_database

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


async def backend_pids(url: str) -> list[int]:
    conn = await asyncpg.connect(url)
    try:
        return [r["pid"] for r in await conn.fetch(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")]
    finally:
        await conn.close()


class Meter:
    def __init__(self, server: int, url: str) -> None:
        self.server, self.url = server, url

    async def measure(self, label: str, count: int, work: asyncio.Future | object) -> None:
        pids = await backend_pids(self.url)

        def total() -> tuple[float, float]:
            db = 0.0
            for pid in pids:
                try:
                    db += cpu_seconds(pid)
                except FileNotFoundError:
                    pass
            return cpu_seconds(self.server), db

        app0, db0 = total()
        await work  # type: ignore[misc]
        app1, db1 = total()
        print(f"{label}: {count} requests, server CPU {(app1 - app0) * 1000 / count:.2f} ms/request, "
              f"PostgreSQL backends {(db1 - db0) * 1000 / count:.2f} ms/request (backends open before)")


@functools.cache
def bearer(user: int) -> str:
    """A client keeps its access token for its lifetime, as the browser app does."""
    return f"Bearer {token(user)}"


async def post_hold(http: aiohttp.ClientSession, base: str, user: int, model: int, start: str,
                    key: str) -> tuple[int, dict]:
    async with http.post(f"{base}/api/bookings", json={
            "model_id": model, "start": start, "duration_minutes": 30},
            headers={"Authorization": bearer(user), "Idempotency-Key": key}) as r:
        return r.status, await r.json(content_type=None)


async def run(args: argparse.Namespace, url: str) -> None:
    world = await setup(url, args.race)
    port = free_port()
    extra = ["-m", "cProfile", "-o", args.profile] if args.profile else []
    server = await start_server(url, port, python_args=extra)
    base = f"http://127.0.0.1:{port}"
    meter = Meter(server.pid, url)
    users, models = world["users"], world["models"]
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=args.race + 10)) as http:
            start0 = world["day0"] + timedelta(days=40)

            async def sequential() -> None:
                for i in range(args.holds):
                    start = (start0 + timedelta(minutes=30 * i)).isoformat()
                    user = users[i % len(users)]
                    status, body = await post_hold(http, base, user, models[-1], start, f"s{i}")
                    assert status == 201, body

            await sequential_warm(http, base, users, models)

            async def floor() -> None:
                for _ in range(args.holds):
                    async with http.get(f"{base}/healthz") as r:
                        await r.read()

            await meter.measure("GET /healthz, the framework's floor", args.holds, floor())
            await meter.measure("single holds, one at a time (winners)", args.holds, sequential())

            async def race(rounds: range) -> None:
                for r in rounds:
                    start = (world["day0"] + timedelta(days=2, minutes=30 * r)).isoformat()
                    codes = await asyncio.gather(*(post_hold(http, base, u, models[0], start, f"r{r}-{i}")
                                                   for i, u in enumerate(users)))
                    assert sorted(c for c, _ in codes).count(201) == 1

            await race(range(1))  # opens the clients' connections
            await meter.measure(f"{len(users)} concurrent holds on one slot, 5 rounds", 5 * len(users),
                                race(range(1, 6)))

            admin = {"Authorization": f"Bearer {token(world['admin'], 'ADMIN')}"}
            flow_models = models[2:-1]
            gate = asyncio.Semaphore(32)

            async def flow(i: int) -> None:
                start = (world["day0"] + timedelta(days=10, minutes=30 * (i // len(flow_models)))).isoformat()
                async with gate:
                    status, body = await post_hold(http, base, users[i % len(users)],
                                                   flow_models[i % len(flow_models)], start, f"f{i}")
                    assert status == 201, body
                    async with http.put(f"{base}/api/admin/bookings/{body['id']}",
                                        json={"status": "confirmed"}, headers=admin) as r:
                        assert r.status == 200, await r.text()

            async def flows() -> None:
                await asyncio.gather(*(flow(i) for i in range(args.flows)))

            await meter.measure("hold→confirm flows (per flow)", args.flows, flows())
    finally:
        server.send_signal(signal.SIGINT)
        await server.wait()


async def sequential_warm(http: aiohttp.ClientSession, base: str, users: list[int],
                          models: list[int]) -> None:
    """Imports, prepared statements and pool connections warm before anything is measured."""
    async with http.get(f"{base}/api/models/{models[1]}/availability") as r:
        await r.read()
    for i, user in enumerate(users[:20]):
        await post_hold(http, base, user, models[1], "2030-01-07T10:00:00+00:00", f"w{i}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holds", type=int, default=400)
    parser.add_argument("--race", type=int, default=200)
    parser.add_argument("--flows", type=int, default=400)
    parser.add_argument("--profile", help="write a cProfile of the server to this file")
    args = parser.parse_args()
    async with scratch_database(SERVER, f"pnp_bench_cpu_{os.getpid()}") as url:
        await run(args, url)


if __name__ == "__main__":
    asyncio.run(main())
