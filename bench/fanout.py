"""Fan-out benchmark (not a test): N WebSocket connections over M rooms, a publisher at R msg/s
through Redis, and per frame the publish→deliver latency. The gateway (`GET /ws` of the real
app under uvicorn) runs beside a plain `websockets` + `broadcast()` server reading the same
Redis channel; each size gets a fresh server process of each kind, clients run in further
processes and parse frames with a few lines of code, so the servers' CPU is what is measured.

    python bench/fanout.py --connections 1000,5000,15000 --rooms 1,10,10 --rate 20

prints the whole curve, gateway and reference side by side. `--rooms` and `--rate` take one value
for every size or one per size. KB/conn is the server process's RSS after every socket has
connected and subscribed and sat idle, minus its RSS before the first connect, over the count:
Python objects, allocator slack and uvloop/libuv handles and buffers; not the kernel's socket
buffers or file table. Every phase has a deadline (`--deadline` seconds for connecting).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import multiprocessing as mp
import os
import resource
import socket
import statistics
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

import asyncpg
import psutil
import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.auth.tokens import CurrentUser, issue_tokens  # noqa: E402
from app.migrate import migrate  # noqa: E402

SECRET = "bench-secret-" + "z" * 40
PREFIX = f"pnp:rt:bench{os.getpid()}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# As `python -m app serve` runs uvicorn (app/__main__.py).
SERVE_OPTIONS = ["--ws", "realtime.uvicorn_ws:LeanWebSocketProtocol", "--ws-per-message-deflate", "false",
                 "--no-proxy-headers"]
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


# --- servers -----------------------------------------------------------------------------------

REFERENCE = r'''
import asyncio, sys, redis.asyncio as aioredis, uvloop
from websockets.asyncio.server import serve, broadcast
prefix, port, url = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rooms = {}
async def handler(ws):
    room = ws.request.path.split("room=")[1]
    rooms.setdefault(room, set()).add(ws)
    try:
        await ws.wait_closed()
    finally:
        rooms[room].discard(ws)
async def reader():
    client = aioredis.Redis.from_url(url)
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


FRAME = (b'{"type":"chat","room":"live:%d","id":"b","user_id":1,"username":"bench","text":"t%d",'
         b'"sent_at":"2026-01-01T00:00:00Z","flagged":false,"offset":"0-0"}')
DATABASE = f"pnp_bench_fanout_{os.getpid()}"


async def admin_execute(sql: str) -> None:
    admin = await asyncpg.connect(POSTGRES)
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


async def bench_database(rooms: int, name: str = DATABASE) -> tuple[str, list[int]]:
    """A new database `name`, migrated, with `rooms` models: its URL and the models' ids."""
    await admin_execute(f'CREATE DATABASE "{name}"')
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
    return subprocess.Popen([sys.executable, "-c", REFERENCE, PREFIX, str(port), REDIS_URL])


def wait_listening(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


# --- clients: a minimal WebSocket reader ------------------------------------------------------

def upgrade_request(port: int, path: str, protocols: str) -> bytes:
    """The HTTP upgrade a client opens with; `protocols` is a header line with its CRLF, or ""."""
    key = base64.b64encode(os.urandom(16)).decode()
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{protocols}\r\n").encode()


def client_frame(text: bytes, opcode: int = 0x1) -> bytes:
    """Client frames are masked; a zero mask leaves the payload as it is."""
    assert len(text) < 126
    return bytes([0x80 | opcode, 0x80 | len(text)]) + b"\0\0\0\0" + text


def take_handshake(buffer: bytearray) -> bool | None:
    """None until the response head is in; then whether it is a 101, with the head removed."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    if not buffer.startswith(b"HTTP/1.1 101"):
        return False
    del buffer[:end + 4]
    return True


class Reader(asyncio.Protocol):
    def __init__(self, stats: dict[str, Any], opened: asyncio.Future[None]) -> None:
        self.buffer = bytearray()
        self.stats, self.opened, self.handshaken = stats, opened, False
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def send_text(self, text: bytes, opcode: int = 0x1) -> None:
        self.transport.write(client_frame(text, opcode))

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.handshaken:
            upgraded = take_handshake(self.buffer)
            if upgraded is None:
                return
            if not upgraded:
                self.opened.set_exception(RuntimeError(bytes(self.buffer[:200]).decode()))
                return
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
            if buf[pos] & 0x0F == 0x9:  # both servers ping every 20 s and close a socket that never pongs
                self.send_text(bytes(buf[pos + head:pos + head + length]), opcode=0xA)
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
    reader.transport.write(upgrade_request(port, path, protocols))
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

def collect(pipes: list[Any], deadline: float, what: str) -> list[Any]:
    answers = []
    for pipe in pipes:
        if not pipe.poll(max(0.0, deadline - time.monotonic())):
            raise TimeoutError(f"client processes not {what} in time")
        answers.append(pipe.recv())
    return answers


def run(kind: str, port: int, server: psutil.Process, size: Size, args: argparse.Namespace,
        room_ids: list[int]) -> dict[str, Any]:
    rooms = room_ids[:size.rooms]
    tokens = [issue_tokens(CurrentUser(id=1_000_000 + i, role="PRIME", onboarded=True), secret=SECRET,
                           access_ttl=3600, refresh_ttl=3600).access_token for i in range(size.connections)]
    assignments = [(f"live:{rooms[i % len(rooms)]}", tokens[i]) for i in range(size.connections)]
    time.sleep(1)
    rss_before = server.memory_info().rss
    pipes, procs = [], []
    for c in range(args.clients):
        parent, child = mp.Pipe()
        proc = mp.Process(target=client_process, args=(kind, port, assignments[c::args.clients], child),
                          daemon=True)
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    try:
        connect_started = time.monotonic()
        assert collect(pipes, connect_started + args.deadline, "connected") == ["ready"] * len(pipes)
        connected_s = time.monotonic() - connect_started
        time.sleep(1.5)  # subscriptions settle
        rss_idle = server.memory_info().rss
        publisher = redis.Redis.from_url(REDIS_URL)
        before = server.cpu_times()
        for pipe in pipes:
            pipe.send("go")
        started = time.perf_counter()
        sent, interval = 0, 1 / size.rate
        while time.perf_counter() - started < args.seconds:
            room = rooms[sent % len(rooms)]
            frame = FRAME % (room, time.time_ns())
            publisher.publish(f"{PREFIX}:ch:room:live:{room}", frame)
            sent += 1
            pause = sent * interval - (time.perf_counter() - started)
            if pause > 0:
                time.sleep(pause)
        time.sleep(0.5)  # stragglers
        after = server.cpu_times()
        cpu, system = after.user + after.system - before.user - before.system, after.system - before.system
        for pipe in pipes:
            pipe.send("stop")
        frames, latency = 0, []
        for n, lat in collect(pipes, time.monotonic() + 60, "reporting"):
            frames += n
            latency += lat
        for pipe in pipes:
            pipe.send("close")
    finally:
        for proc in procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
    latency.sort()
    return {
        "published": sent, "delivered": frames, "expected": sent * size.connections // len(rooms),
        "connect_s": connected_s, "cpu_s": cpu, "system_share": system / cpu if cpu else float("nan"),
        "frames_per_cpu_s": frames / cpu if cpu else float("nan"),
        "p50_ms": statistics.median(latency) if latency else float("nan"),
        "p99_ms": latency[int(len(latency) * 0.99)] if latency else float("nan"),
        "kb_per_conn": (rss_idle - rss_before) / size.connections / 1024,
    }


class Size(NamedTuple):
    connections: int
    rooms: int
    rate: float


def sizes(args: argparse.Namespace) -> list[Size]:
    connections = [int(v) for v in args.connections.split(",")]
    rooms = [int(v) for v in args.rooms.split(",")]
    rates = [float(v) for v in args.rate.split(",")]
    for values, name in ((rooms, "--rooms"), (rates, "--rate")):
        if len(values) not in (1, len(connections)):
            raise SystemExit(f"{name} takes one value or one per size")
    return [Size(c, rooms[i % len(rooms)], rates[i % len(rates)]) for i, c in enumerate(connections)]


def raise_file_limit(needed: int) -> None:
    """Soft limit up to the hard one, never past it; the servers and clients inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, needed)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted < needed:
        raise SystemExit(f"{needed} open files needed per process, the hard limit is {hard}")


def measure(kind: str, size: Size, args: argparse.Namespace, database_url: str,
            room_ids: list[int]) -> dict[str, Any]:
    port = free_port()
    process = start_gateway(port, database_url) if kind == "gateway" else start_reference(port)
    try:
        wait_listening(port)
        return run(kind, port, psutil.Process(process.pid), size, args, room_ids)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", default="1000", help="one size or a curve: 1000,5000,15000")
    parser.add_argument("--rooms", default="1", help="rooms, one value or one per size")
    parser.add_argument("--rate", default="20", help="published messages per second over all rooms")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--deadline", type=float, default=180, help="seconds for all sockets to connect")
    parser.add_argument("--only", choices=["gateway", "reference"])
    args = parser.parse_args()
    curve = sizes(args)
    raise_file_limit(max(s.connections for s in curve) + 1000)
    database_url, room_ids = asyncio.run(bench_database(max(s.rooms for s in curve)))
    kinds = [k for k in ("gateway", "reference") if args.only in (None, k)]
    try:
        results = [(size, {kind: measure(kind, size, args, database_url, room_ids) for kind in kinds})
                   for size in curve]
    finally:
        asyncio.run(admin_execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    print(f"\n{args.seconds:g} s per size, {args.clients} client processes, {os.cpu_count()} CPUs; "
          "frames/cpu-s = frames delivered per second of server CPU (user + system; sys: the kernel's share)")
    head = f"{'conns':>6}{'rooms':>6}{'msg/s':>6} |"
    for kind in kinds:
        head += f" {kind + ' frames/cpu-s':>23}{'sys':>5}{'p99 ms':>7}{'KB/conn':>8}{'conn s':>7}"
        head += f"{'lost':>6} |"
    print(head + (" ratio" if len(kinds) == 2 else ""))
    for size, by_kind in results:
        line = f"{size.connections:>6}{size.rooms:>6}{size.rate:>6g} |"
        for r in by_kind.values():
            line += (f" {r['frames_per_cpu_s']:>23.0f}{r['system_share']:>5.0%}{r['p99_ms']:>7.1f}"
                     f"{r['kb_per_conn']:>8.1f}{r['connect_s']:>7.1f}{r['expected'] - r['delivered']:>6} |")
        if len(kinds) == 2:
            gateway, reference = by_kind["gateway"], by_kind["reference"]
            line += f" {gateway['frames_per_cpu_s'] / reference['frames_per_cpu_s']:.2f}x"
        print(line, flush=True)


if __name__ == "__main__":
    main()
