"""Two PNP Live instances on one machine behaving as one (not a test; a demonstration).

Starts instances on http://127.0.0.1:8001 and :8002 sharing the local PostgreSQL (a fresh database
`pnp_two_instances`) and Redis (db 14), with dev login, then:
  (a) a client on each instance chats in one room and hears the other;
  (b) a model publishes video (WHIP) on 8001; a viewer posts WHEP to 8002, is redirected (307) to
      8001, the room's owner, and decodes frames.
Prints what happens; exits 0 when both work.

    .venv/bin/python scripts/two_instances.py
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import msgspec
import websockets
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.migrate import scratch_database  # noqa: E402

POSTGRES = os.environ.get("PNP_TWO_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = "pnp_two_instances"
REDIS = os.environ.get("PNP_TWO_REDIS", "redis://127.0.0.1:6379/14")
PORTS = (8001, 8002)
SDP = {"content-type": "application/sdp"}


def start(port: int, database_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS, "PNP_DEV_LOGIN": "1",
           "PNP_ENV": "development", "PNP_JWT_SECRET": "two-instances-demo-" + "d" * 30,
           "PNP_VAR_DIR": str(ROOT / "var" / f"two-instances-{port}"),
           "PNP_RT_PREFIX": f"pnp:two:{os.getpid()}", "PNP_INSTANCE_URL": f"http://127.0.0.1:{port}",
           "ICE_HOST_ADDRESSES": "127.0.0.1"}
    return subprocess.Popen(  # noqa: S603 - our own app
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=env)


async def ready(url: str) -> None:
    async with httpx.AsyncClient(base_url=url) as http:
        async with asyncio.timeout(120):
            while True:
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)  # the process is starting; nothing to wait on but its port


async def login(url: str, telegram_id: int, role: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.post("/api/auth/dev-login", json={"telegram_id": telegram_id, "role": role})
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def socket(url: str, headers: dict[str, str]) -> websockets.ClientConnection:
    token = headers["Authorization"].removeprefix("Bearer ")
    return await websockets.connect(url.replace("http://", "ws://") + "/ws",
                                    subprotocols=["pnp.v1", f"bearer.{token}"])  # type: ignore[list-item]


async def next_frame(ws: websockets.ClientConnection, type_: str) -> dict:
    async with asyncio.timeout(10):
        while (frame := msgspec.json.decode(await ws.recv()))["type"] != type_:
            pass
    return frame


async def chat(a: str, b: str, room: str) -> None:
    alice = await socket(a, await login(a, 9_000_002, "PRIME"))
    bob = await socket(b, await login(b, 9_000_003, "FREE"))
    for ws in (alice, bob):
        await ws.send(msgspec.json.encode({"type": "subscribe", "channel": f"room:{room}"}).decode())
        await next_frame(ws, "subscribed")
    await alice.send(msgspec.json.encode({"type": "chat", "room": room, "text": "hi from 8001"}).decode())
    print(f"  client on {b} heard: {(await next_frame(bob, 'chat'))['text']!r}")
    reply = {"type": "chat", "room": room, "text": "hello back from 8002"}
    await bob.send(msgspec.json.encode(reply).decode())
    while (frame := await next_frame(alice, "chat"))["text"] != "hello back from 8002":
        pass
    print(f"  client on {a} heard: {frame['text']!r}")
    await alice.close()
    await bob.close()


async def video(a: str, b: str, room: str, model: dict[str, str]) -> None:
    publisher = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    viewer = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    try:
        publisher.addTransceiver(VideoStreamTrack(), direction="sendonly")
        await publisher.setLocalDescription(await publisher.createOffer())
        async with httpx.AsyncClient(base_url=a, headers=model) as http:
            published = await http.post(f"/whip/{room}", content=publisher.localDescription.sdp, headers=SDP)
        published.raise_for_status()
        await publisher.setRemoteDescription(RTCSessionDescription(published.text, "answer"))
        print(f"  model published on {a}: {published.status_code}, session {published.headers['location']}")
        receiver = viewer.addTransceiver("video", direction="recvonly").receiver
        await viewer.setLocalDescription(await viewer.createOffer())
        async with httpx.AsyncClient(base_url=b, follow_redirects=True) as http:
            played = await http.post(f"/whep/{room}", content=viewer.localDescription.sdp, headers=SDP)
        played.raise_for_status()
        hops = " -> ".join(f"{r.status_code} {r.headers['location'].split('?')[0]}" for r in played.history)
        where = f"{played.url.host}:{played.url.port}"
        print(f"  viewer posted WHEP to {b}: {hops} -> {played.status_code} at {where}")
        await viewer.setRemoteDescription(RTCSessionDescription(played.text, "answer"))
        async with asyncio.timeout(15):
            frames = [await receiver.track.recv() for _ in range(10)]
        print(f"  viewer decoded {len(frames)} frames of {frames[0].width}x{frames[0].height}")
    finally:
        await publisher.close()
        await viewer.close()


async def main() -> int:
    async with scratch_database(f"{POSTGRES}/postgres", DATABASE) as database_url:
        a, b = (f"http://127.0.0.1:{port}" for port in PORTS)
        processes = [start(port, database_url) for port in PORTS]
        try:
            await asyncio.gather(ready(a), ready(b))
            print(f"two instances up: {a} and {b}, sharing {DATABASE} and {REDIS}")
            model = await login(a, 9_000_001, "MODEL")
            async with httpx.AsyncClient(base_url=a, headers=model) as http:
                room = f"live:{(await http.get('/api/me')).json()['model_id']}"
            print(f"(a) chat in room:{room}, one client on each instance")
            await chat(a, b, room)
            print(f"(b) video room {room}")
            await video(a, b, room, model)
            print("both instances serve one room's chat and one video room: OK")
            return 0
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(20)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
