"""End-to-end booking flow under load, over real HTTP (not a test).

Starts the app (`python -m app serve`, `--workers` processes) on a scratch database, creates
models open all week, then runs C concurrent clients, each repeating: sign in → browse →
availability → hold → sandbox checkout → pay → wait for `confirmed`. Prints flows/s and p50/p95 per step.

    .venv/bin/python bench/http_flow.py --clients 40 --seconds 30

(Named http_flow.py: a script called http.py would shadow the standard library when run.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from app.migrate import scratch_database  # noqa: E402

SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "pnp_bench_http"
PORT = 8177
BASE = f"http://127.0.0.1:{PORT}"


def start_server(database_url: str, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": "redis://127.0.0.1:6379/13",
           "PNP_DEV_LOGIN": "1", "PNP_AUTH_RATE_PER_MINUTE": "1000000",
           "PNP_BOOKING_ATTEMPTS_PER_MINUTE": "1000", "PNP_VAR_DIR": "/tmp/pnp-bench-http",
           "PNP_PUBLIC_URL": BASE, "HOST": "127.0.0.1", "PORT": str(PORT), "WORKERS": str(workers),
           "PNP_ACCESS_LOG": "0"}
    return subprocess.Popen([sys.executable, "-m", "app", "serve"], cwd=ROOT, env=env,  # as `make run`
                            stdout=subprocess.DEVNULL)


async def wait_ready(http: httpx.AsyncClient) -> None:
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        try:
            if (await http.get("/readyz")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError("server did not become ready")


async def token(http: httpx.AsyncClient, telegram_id: int, role: str) -> dict[str, str]:
    body = (await http.post("/api/auth/dev-login", json={"telegram_id": telegram_id, "role": role})).json()
    return {"Authorization": f"Bearer {body['access_token']}"}


async def create_models(http: httpx.AsyncClient, count: int) -> list[int]:
    admin = await token(http, 1, "ADMIN")
    ids = []
    for n in range(count):
        model = (await http.post("/api/admin/models", headers=admin, json={
            "display_name": f"Bench {n}", "prices": [{"duration_minutes": 30, "price_cents": 3000}]})).json()
        base = f"/api/admin/models/{model['id']}/availability"
        await http.put(f"{base}/settings", headers=admin, json={
            "min_notice_min": 0, "booking_window_days": 365, "slot_interval_min": 30})
        for weekday in range(1, 8):
            await http.post(f"{base}/weekly", headers=admin,
                            json={"weekday": weekday, "start_minute": 0, "end_minute": 1440})
        ids.append(model["id"])
    return ids


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.flows = 0
        self.conflicts = 0
        self.errors: dict[str, int] = defaultdict(int)

    async def timed(self, step: str, call: object) -> httpx.Response:
        started = time.perf_counter()
        response: httpx.Response = await call  # type: ignore[misc]
        self.latency[step].append(time.perf_counter() - started)
        return response


async def flow(http: httpx.AsyncClient, stats: Stats, headers: dict[str, str], models: list[int]) -> None:
    await stats.timed("browse", http.get("/api/models", headers=headers))
    model_id = random.choice(models)
    start = datetime.now(UTC) + timedelta(days=random.randint(1, 300))
    slots = (await stats.timed("availability", http.get(
        f"/api/models/{model_id}/availability", headers=headers,
        params={"from": start.isoformat(), "to": (start + timedelta(days=1)).isoformat(),
                "duration": 30}))).json()["slots"]
    if not slots:
        stats.errors["no slots"] += 1
        return
    slot = random.choice(slots)
    hold = await stats.timed("hold", http.post(
        "/api/bookings", headers={**headers, "Idempotency-Key": f"{time.time_ns()}"},
        json={"model_id": model_id, "start": slot["start"], "duration_minutes": 30}))
    if hold.status_code == 409:
        stats.conflicts += 1
        return
    if hold.status_code != 201:
        stats.errors[f"hold {hold.status_code}"] += 1
        return
    booking_id = hold.json()["id"]
    checkout = await stats.timed("checkout", http.post(
        f"/api/bookings/{booking_id}/checkout", headers=headers, json={"method": "sandbox"}))
    if checkout.status_code != 200:
        stats.errors[f"checkout {checkout.status_code}"] += 1
        return
    started = time.perf_counter()
    await http.post(f"{checkout.json()['url']}/pay")
    for _ in range(400):
        status = (await http.get(f"/api/bookings/{booking_id}", headers=headers)).json()["status"]
        if status == "confirmed":
            stats.latency["pay→confirmed"].append(time.perf_counter() - started)
            stats.flows += 1
            return
        await asyncio.sleep(0.01)
    stats.errors["not confirmed"] += 1


async def client(index: int, stats: Stats, models: list[int], deadline: float) -> None:
    async with httpx.AsyncClient(base_url=BASE, timeout=30) as http:
        headers = await token(http, 100_000 + index, "PRIME")
        while time.perf_counter() < deadline:
            await flow(http, stats, headers, models)


def report(stats: Stats, seconds: float, clients: int) -> None:
    print(f"clients {clients}, {seconds:.0f} s: {stats.flows} flows hold→paid→confirmed, "
          f"{stats.flows / seconds:.1f} flows/s, {stats.conflicts} lost slot races, "
          f"errors {dict(stats.errors)}")
    for step, values in stats.latency.items():
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1] if len(values) >= 20 else values[-1]
        print(f"  {step:<14} n={len(values):>6}  p50 {statistics.median(values) * 1000:7.1f} ms"
              f"  p95 {p95 * 1000:7.1f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="server processes (WORKERS)")
    args = parser.parse_args()
    async with scratch_database(f"{SERVER}/postgres", DATABASE) as database_url:
        server = start_server(database_url, args.workers)
        try:
            async with httpx.AsyncClient(base_url=BASE, timeout=30) as http:
                await wait_ready(http)
                models = await create_models(http, args.models)
            stats = Stats()
            started = time.perf_counter()
            deadline = started + args.seconds
            await asyncio.gather(*(client(i, stats, models, deadline) for i in range(args.clients)))
            report(stats, time.perf_counter() - started, args.clients)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    asyncio.run(main())
