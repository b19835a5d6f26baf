"""Fan-out benchmark (not a test): N WebSocket connections over M rooms, a publisher at R msg/s
through Redis, and per frame the publish→deliver latency. The gateway (`GET /ws` of the real
app under uvicorn) runs beside a plain `websockets` + `broadcast()` server reading the same
Redis channel, each in its own process; clients run in further processes and parse frames with a
few lines of code, so the servers' CPU is what is measured.

    python bench/fanout.py --connections 1000 --rooms 1 --rate 20 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import multiprocessing as mp
import os
import socket
import statistics
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg
import psutil
import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.auth.tokens import CurrentUser, issue_tokens  # noqa: E402
from app.migrate import migrate  # noqa: E402

SECRET = "bench-secret-" + "z" * 40
PREFIX = f"pnp:rt:bench{os.getpid()}"
REDIS_URL = "redis://127.0.0.1:6379/15"
# As `python -m app serve` runs uvicorn (app/__main__.py).
SERVE_OPTIONS = ["--ws", "realtime.uvicorn_ws:LeanWebSocketProtocol", "--ws-per-message-deflate", "false",
                 "--no-proxy-headers"]
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


# --- servers -----------------------------------------------------------------------------------

REFERENCE = r'''
import asyncio, sys, redis.asyncio as aioredis, uvloop
from websockets.asyncio.server import serve, broadcast
prefix, port = sys.argv[1], int(sys.argv[2])
rooms = {}
async def handler(ws):
    room = ws.request.path.split("room=")[1]
    rooms.setdefault(room, set()).add(ws)
    try:
        await ws.wait_closed()
    finally:
        rooms[room].discard(ws)
async def reader():
    client = aioredis.Redis.from_url("redis://127.0.0.1:6379/15")
    pubsub = client.pubsub()
    await pubsub.psubscribe(prefix + ":ch:*")
    cut = len(prefix) + len(":ch:room:")
    async for message in pubsub.listen():
        if message["type"] == "pmessage":
            broadcast(rooms.get(message["channel"][cut:].decode(), ()), message["data"].decode())
async def main():
    async with serve(handler, "127.0.0.1", port, compression=None):
        await reader()
uvloop.run(main())
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def bench_database(rooms: int) -> tuple[str, list[int]]:
    name = "pnp_bench_fanout"
    admin = await asyncpg.connect(POSTGRES)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = POSTGRES.rsplit("/", 1)[0] + "/" + name
    conn = await asyncpg.connect(url)
    await migrate(conn)
    ids = [await conn.fetchval("INSERT INTO pnp_models (display_name) VALUES ($1) RETURNING id", f"m{i}")
           for i in range(rooms)]
    await conn.close()
    return url, ids


def start_gateway(port: int, database_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "PNP_ENV": "test",
           "PNP_JWT_SECRET": SECRET, "PNP_RT_PREFIX": PREFIX, "PYTHONPATH": str(ROOT),
           "PNP_VAR_DIR": str(ROOT / "var" / "bench"), "PNP_REMINDER_EVERY": "3600"}
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--port", str(port),
         "--log-level", "warning", "--no-access-log", *SERVE_OPTIONS], cwd=ROOT, env=env)


def start_reference(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", REFERENCE, PREFIX, str(port)])


def wait_listening(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


# --- clients: a minimal WebSocket reader ------------------------------------------------------

class Reader(asyncio.Protocol):
    def __init__(self, stats: dict[str, Any], opened: asyncio.Future[None]) -> None:
        self.buffer = bytearray()
        self.stats, self.opened, self.handshaken = stats, opened, False
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def send_text(self, text: bytes) -> None:
        """Client frames are masked; a zero mask leaves the payload as it is."""
        assert len(text) < 126
        self.transport.write(bytes([0x81, 0x80 | len(text)]) + b"\0\0\0\0" + text)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.handshaken:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not self.buffer.startswith(b"HTTP/1.1 101"):
                self.opened.set_exception(RuntimeError(bytes(self.buffer[:200]).decode()))
                return
            del self.buffer[:end + 4]
            self.handshaken = True
            self.opened.set_result(None)
        buf, stats = self.buffer, self.stats
        pos, size = 0, len(buf)
        now = time.time_ns()
        while size - pos >= 2:
            length, head = buf[pos + 1] & 0x7F, 2
            if length == 126:
                if size - pos < 4:
                    break
                length, head = struct.unpack_from("!H", buf, pos + 2)[0], 4
            elif length == 127:
                if size - pos < 10:
                    break
                length, head = struct.unpack_from("!Q", buf, pos + 2)[0], 10
            if size - pos < head + length:
                break
            start = buf.find(b'"text":"t', pos + head, pos + head + length)
            if start >= 0:
                sent = int(buf[start + 9:buf.index(b'"', start + 9)])
                if stats["recording"]:
                    stats["frames"] += 1
                    stats["latency"].append((now - sent) / 1e6)
            pos += head + length
        del buf[:pos]


async def open_client(port: int, path: str, protocols: str, stats: dict[str, Any]) -> Reader:
    loop = asyncio.get_running_loop()
    opened: asyncio.Future[None] = loop.create_future()
    _, reader = await loop.create_connection(lambda: Reader(stats, opened), "127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    reader.transport.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{protocols}\r\n".encode())
    await opened
    return reader


def client_process(kind: str, port: int, rooms: list[tuple[str, str]], conn: Any) -> None:
    async def main() -> None:
        stats: dict[str, Any] = {"frames": 0, "latency": [], "recording": False}
        readers = []
        for room, token in rooms:
            if kind == "gateway":
                reader = await open_client(port, "/ws", f"Sec-WebSocket-Protocol: pnp.v1, bearer.{token}\r\n",
                                           stats)
                reader.send_text(b'{"type":"subscribe","channel":"room:' + room.encode() + b'"}')
            else:
                reader = await open_client(port, f"/ws?room={room}", "", stats)
            readers.append(reader)
        conn.send("ready")
        await asyncio.to_thread(conn.recv)  # go
        stats["recording"] = True
        await asyncio.to_thread(conn.recv)  # stop
        stats["recording"] = False
        conn.send((stats["frames"], stats["latency"]))
        await asyncio.to_thread(conn.recv)  # close
        for reader in readers:
            reader.transport.close()

    import uvloop
    uvloop.run(main())


# --- one run -----------------------------------------------------------------------------------

def run(kind: str, port: int, server: psutil.Process, args: argparse.Namespace,
        room_ids: list[int]) -> dict[str, Any]:
    tokens = [issue_tokens(CurrentUser(id=1_000_000 + i, role="PRIME", onboarded=True), secret=SECRET,
                           access_ttl=3600, refresh_ttl=3600).access_token for i in range(args.connections)]
    assignments = [(f"live:{room_ids[i % len(room_ids)]}", tokens[i]) for i in range(args.connections)]
    time.sleep(1)
    rss_before = server.memory_info().rss
    pipes, procs = [], []
    for c in range(args.clients):
        parent, child = mp.Pipe()
        proc = mp.Process(target=client_process, args=(kind, port, assignments[c::args.clients], child))
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    for pipe in pipes:
        assert pipe.recv() == "ready"
    time.sleep(1.5)  # subscriptions settle
    rss_idle = server.memory_info().rss
    publisher = redis.Redis.from_url(REDIS_URL)
    cpu_before = sum(server.cpu_times()[:2])
    for pipe in pipes:
        pipe.send("go")
    started = time.perf_counter()
    sent, interval = 0, 1 / args.rate
    while (elapsed := time.perf_counter() - started) < args.seconds:
        room = room_ids[sent % len(room_ids)]
        frame = (b'{"type":"chat","room":"live:%d","id":"b","user_id":1,"username":"bench","text":"t%d",'
                 b'"sent_at":"2026-01-01T00:00:00Z","flagged":false,"offset":"0-0"}' % (room, time.time_ns()))
        publisher.publish(f"{PREFIX}:ch:room:live:{room}", frame)
        sent += 1
        pause = sent * interval - (time.perf_counter() - started)
        if pause > 0:
            time.sleep(pause)
    time.sleep(0.5)  # stragglers
    cpu = sum(server.cpu_times()[:2]) - cpu_before
    for pipe in pipes:
        pipe.send("stop")
    frames, latency = 0, []
    for pipe in pipes:
        n, lat = pipe.recv()
        frames += n
        latency += lat
    for pipe in pipes:
        pipe.send("close")
    for proc in procs:
        proc.join(30)
    latency.sort()
    expected = sent * args.connections // len(room_ids)
    return {
        "server": kind, "published": sent, "delivered": frames, "expected": expected,
        "frames_per_s": frames / elapsed, "server_cpu_s": cpu,
        "frames_per_cpu_s": frames / cpu if cpu else float("nan"),
        "p50_ms": statistics.median(latency) if latency else float("nan"),
        "p99_ms": latency[int(len(latency) * 0.99)] if latency else float("nan"),
        "kb_per_idle_conn": (rss_idle - rss_before) / args.connections / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=1)
    parser.add_argument("--rate", type=float, default=20, help="published messages per second, all rooms")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--only", choices=["gateway", "reference"])
    args = parser.parse_args()
    database_url, room_ids = asyncio.run(bench_database(args.rooms))
    results = []
    for kind in ("gateway", "reference"):
        if args.only and kind != args.only:
            continue
        port = free_port()
        process = start_gateway(port, database_url) if kind == "gateway" else start_reference(port)
        try:
            wait_listening(port)
            results.append(run(kind, port, psutil.Process(process.pid), args, room_ids))
        finally:
            process.terminate()
            process.wait(20)
    print(f"\n{args.connections} connections, {args.rooms} room(s), {args.rate:g} msg/s "
          f"for {args.seconds:g} s ({args.clients} client processes, {os.cpu_count()} CPUs)")
    print(f"{'server':<10}{'delivered':>11}{'expected':>10}{'frames/s':>10}{'cpu s':>7}{'frames/cpu-s':>14}"
          f"{'p50 ms':>8}{'p99 ms':>8}{'KB/conn':>9}")
    for r in results:
        print(f"{r['server']:<10}{r['delivered']:>11}{r['expected']:>10}{r['frames_per_s']:>10.0f}"
              f"{r['server_cpu_s']:>7.2f}{r['frames_per_cpu_s']:>14.0f}{r['p50_ms']:>8.1f}{r['p99_ms']:>8.1f}"
              f"{r['kb_per_idle_conn']:>9.1f}")


if __name__ == "__main__":
    main()
