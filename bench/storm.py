"""Reconnect-storm benchmark (not a test; issue 18 goal 3): N clients connect to `GET /ws` of the
real app under uvicorn, spread evenly over `--within` seconds, each subscribing to one live room
as soon as its socket opens. Run twice: `cold` (a new database and a new key prefix: nothing is
cached) and `reconnect` (every client drops and comes back, as after a deploy or a
network blip).
Prints, per storm, the time from the first connect to the last `subscribed`, connect→subscribed
p50/p99, refusals, statements the gateway sent to PostgreSQL (its `pnp_db_queries_total`),
transactions PostgreSQL counted (`pg_stat_database`), and slow-query lines in the server's log.

    python bench/storm.py --connections 15000 --within 10
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.auth.tokens import CurrentUser, issue_tokens  # noqa: E402
from bench.fanout import (  # noqa: E402
    POSTGRES,
    SERVE_OPTIONS,
    admin_execute,
    bench_database,
    client_frame,
    free_port,
    take_handshake,
    upgrade_request,
    wait_listening,
)

SECRET = "bench-secret-" + "s" * 40
PREFIX = f"pnp:rt:storm{os.getpid()}"
REDIS_URL = "redis://127.0.0.1:6379/15"
DATABASE = "pnp_bench_storm"


def raise_file_limit() -> int:
    """Soft limit up to the hard one (never above): children inherit it."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


async def storm_database(rooms: int) -> tuple[str, list[int]]:
    await admin_execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return await bench_database(rooms, DATABASE)


async def transactions() -> int:
    """Committed and rolled-back transactions of the bench database; PostgreSQL 15 flushes a
    backend's counts within 10 s of it going idle, so read after a pause."""
    conn = await asyncpg.connect(POSTGRES)
    try:
        return int(await conn.fetchval(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1", DATABASE))
    finally:
        await conn.close()


def start_gateway(port: int, database_url: str, log: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "PNP_ENV": "test",
           "PNP_JWT_SECRET": SECRET, "PNP_RT_PREFIX": PREFIX, "PYTHONPATH": str(ROOT),
           "PNP_VAR_DIR": str(ROOT / "var" / "bench"), "PNP_REMINDER_EVERY": "3600"}
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--port", str(port),
         "--log-level", "warning", "--no-access-log", "--backlog", "16384", *SERVE_OPTIONS],
        cwd=ROOT, env=env, stderr=log)


def db_statements(port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("pnp_db_queries_total "):
                return float(line.split()[1])
    return 0.0


# --- clients -----------------------------------------------------------------------------------

class Client(asyncio.Protocol):
    """Opens the socket, subscribes, and resolves `done` on `subscribed` (or an `error`)."""

    def __init__(self, room: bytes, done: asyncio.Future[bool]) -> None:
        self.room, self.done, self.buffer, self.open = room, done, bytearray(), False
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.done.done():
            return
        self.buffer += data
        if not self.open:
            upgraded = take_handshake(self.buffer)
            if upgraded is None:
                return
            if not upgraded:
                self.done.set_result(False)
                return
            self.open = True
            self.transport.write(client_frame(b'{"type":"subscribe","channel":"room:' + self.room + b'"}'))
        if b'"type":"subscribed"' in self.buffer:
            self.done.set_result(True)
        elif b'"type":"error"' in self.buffer:
            self.done.set_result(False)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(False)


async def one(port: int, room: str, token: str, at: float) -> tuple[int, int, bool, Any]:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, at - time.time()))
    started = time.time_ns()
    done: asyncio.Future[bool] = loop.create_future()
    try:
        transport, _ = await loop.create_connection(lambda: Client(room.encode(), done), "127.0.0.1", port)
    except OSError:
        return started, time.time_ns(), False, None
    transport.write(upgrade_request(port, "/ws", f"Sec-WebSocket-Protocol: pnp.v1, bearer.{token}\r\n"))
    try:
        ok = await asyncio.wait_for(done, 60)
    except TimeoutError:
        ok = False
    return started, time.time_ns(), ok, transport


def client_process(port: int, work: list[tuple[str, str, float]], pipe: Any) -> None:
    async def main() -> None:
        while (start := pipe.recv()) is not None:
            results = await asyncio.gather(*(one(port, room, token, start + offset)
                                             for room, token, offset in work))
            pipe.send([(a, b, ok) for a, b, ok, _ in results])
            pipe.recv()  # drop
            for *_, transport in results:
                if transport is not None:
                    transport.close()
            await asyncio.sleep(0.5)
            pipe.send("dropped")

    import uvloop
    uvloop.run(main())


# --- one storm ---------------------------------------------------------------------------------

def storm(name: str, port: int, pipes: list[Any], log_path: Path) -> dict[str, Any]:
    statements, xacts = db_statements(port), asyncio.run(transactions())
    slow_before = log_path.read_text().count("slow query")
    start = time.time() + 1.0
    for pipe in pipes:
        pipe.send(start)
    results = [r for pipe in pipes for r in pipe.recv()]
    statements = db_statements(port) - statements
    for pipe in pipes:
        pipe.send("drop")
    for pipe in pipes:
        assert pipe.recv() == "dropped"
    time.sleep(11)  # PostgreSQL's idle backends flush their counts
    latency = sorted((done - began) / 1e6 for began, done, ok in results if ok)
    subscribed = [done for _, done, ok in results if ok]
    first = min(began for began, _, _ in results)
    return {
        "storm": name, "clients": len(results), "subscribed": len(subscribed),
        "all_s": (max(subscribed) - first) / 1e9 if subscribed else float("nan"),
        "p50_ms": statistics.median(latency) if latency else float("nan"),
        "p99_ms": latency[int(len(latency) * 0.99)] if latency else float("nan"),
        "statements": int(statements), "xacts": asyncio.run(transactions()) - xacts,
        "slow": log_path.read_text().count("slow query") - slow_before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=15_000)
    parser.add_argument("--within", type=float, default=10, help="seconds over which clients connect")
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    args = parser.parse_args()
    limit = raise_file_limit()
    if args.connections + 1_000 > limit:
        sys.exit(f"{args.connections} sockets need more than this process's {limit} open files")
    database_url, room_ids = asyncio.run(storm_database(args.rooms))
    tokens = [issue_tokens(CurrentUser(id=2_000_000 + i, role="PRIME", onboarded=True), secret=SECRET,
                           access_ttl=3600, refresh_ttl=3600).access_token for i in range(args.connections)]
    work = [(f"live:{room_ids[i % len(room_ids)]}", tokens[i], i * args.within / args.connections)
            for i in range(args.connections)]
    port = free_port()
    with tempfile.NamedTemporaryFile("w+b", suffix=".log") as log:
        server = start_gateway(port, database_url, log)
        pipes, procs = [], []
        try:
            wait_listening(port)
            for c in range(args.clients):
                parent, child = mp.Pipe()
                proc = mp.Process(target=client_process, args=(port, work[c::args.clients], child))
                proc.start()
                pipes.append(parent)
                procs.append(proc)
            results = [storm(name, port, pipes, Path(log.name)) for name in ("cold", "reconnect")]
        finally:
            for pipe in pipes:
                pipe.send(None)
            for proc in procs:
                proc.join(30)
            server.terminate()
            server.wait(20)
    print(f"\n{args.connections} clients over {args.within:g} s, {args.rooms} rooms "
          f"({args.clients} client processes, {os.cpu_count()} CPUs, file limit {limit})")
    print(f"{'storm':<11}{'subscribed':>11}{'all in s':>9}{'p50 ms':>8}{'p99 ms':>8}"
          f"{'statements':>11}{'per conn':>9}{'xacts':>7}{'slow':>6}")
    for r in results:
        print(f"{r['storm']:<11}{r['subscribed']:>6}/{r['clients']:<5}{r['all_s']:>8.2f}{r['p50_ms']:>8.1f}"
              f"{r['p99_ms']:>8.1f}{r['statements']:>11}{r['statements'] / r['clients']:>9.2f}"
              f"{r['xacts']:>7}{r['slow']:>6}")


if __name__ == "__main__":
    main()
