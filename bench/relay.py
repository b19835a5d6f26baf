"""Relay cost: one 640x480 30 fps VP8 publisher to N viewers, forwarding vs stock MediaRelay.

    python -m bench.relay [--kbps 500] [--seconds 10] [--viewers 1,10,50,100]
                          [--stock-viewers 1,4] [--viewer-processes 2]

The relay runs in a process of its own and its CPU time (all threads: SRTP, UDP, and
for stock aiortc the decode and per-viewer encode) is what "relay cores" reports. The
publisher sends a pre-encoded loop of VP8 frames (2 s, starting with a keyframe, to which
it jumps back when asked for a keyframe, as an encoder would) at the bitrate aiortc's own
encoder targets by default (500 kbit/s; the stock relay re-encodes at that rate too). The
viewers count the encoded frames they receive without decoding them, spread over
``--viewer-processes`` processes so that they are not what limits the frame rate; ICE
runs on 127.0.0.1 only. Not a test: it prints figures.

Per round: relay cores (relay process CPU time / wall time over the measured window),
viewer frame rate (mean and slowest viewer), viewers that received nothing ("stalled"),
viewer connections the relay holds as connected,
keyframes the publisher sent during the round (one per 2 s loop plus those asked for),
the worst lateness of the relay's event loop with the most CPU time its thread spent
without getting back to the lag timer ("busy"), and relay CPU time per frame delivered to
a viewer with what that makes at 30 fps for all viewers: a figure that holds up better
than the frame rate when the machine is shared and the relay gets less than it needs.
A loop that lags past 0.5 s makes aioice's consent checks fail (no retransmission,
0.5 s timeout), and after ~30 s of that peers disconnect: on a machine shared with
other work, watch that column. The lateness counts the time the relay process waited
for a core, and the viewer processes want one just when the relay sends them a burst:
on 2 cores it came out 2-3 times the "busy" figure, which is what the relay's own
stalls cost (an upper bound: it includes the work done during the timer's 10 ms).
"""

import argparse
import asyncio
import fractions
import multiprocessing
import os
import random
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import av
import uvloop
from aiortc import (
    MediaStreamTrack,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.contrib.media import MediaRelay

from bench.relay_viewers import LOOPBACK, new_peer, run_viewers
from media.access import Participant
from media.aiortc_patch import on_keyframe_request
from media.errors import MediaProblem
from media.ice import apply_host_addresses
from media.rooms import Room
from media.sessions import RoomRegistry

WIDTH, HEIGHT, FPS = 640, 480, 30
LOOP_FRAMES = 2 * FPS
WARM_UP_SECONDS = 3
CONNECT_BATCH = 10


def encode_loop(kbps: int) -> list[bytes]:
    """A 2-second VP8 clip of a moving gradient with noise, first frame a keyframe."""
    codec = av.CodecContext.create("libvpx", "w")
    codec.width, codec.height, codec.pix_fmt = WIDTH, HEIGHT, "yuv420p"
    codec.bit_rate = kbps * 1000
    codec.time_base = fractions.Fraction(1, FPS)
    codec.gop_size = 3000
    codec.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
    noise = random.Random(7)
    size = WIDTH * HEIGHT
    low_bits = int.from_bytes(b"\x0f" * size, "big")
    encoded = []
    for index in range(LOOP_FRAMES):
        gradient = int.from_bytes(
            bytes((x + index * 8) % 256 for x in range(WIDTH)) * HEIGHT, "big"
        )
        luma = gradient ^ (int.from_bytes(noise.randbytes(size), "big") & low_bits)
        frame = av.VideoFrame(WIDTH, HEIGHT, "yuv420p")
        frame.planes[0].update(luma.to_bytes(size, "big"))
        for chroma in frame.planes[1:]:
            chroma.update(b"\x80" * (size // 4))
        frame.pts = index
        encoded.append(b"".join(bytes(p) for p in codec.encode(frame)))
    return encoded


class PreEncodedVideo(MediaStreamTrack):
    kind = "video"

    def __init__(self, frames: list[bytes]) -> None:
        super().__init__()
        self._frames = frames
        self._count = 0
        self._start: float | None = None
        self._position = 0
        self.keyframes_sent = 0

    def send_keyframe(self) -> None:
        self._position = 0

    async def recv(self) -> av.Packet:
        loop = asyncio.get_running_loop()
        if self._start is None:
            self._start = loop.time()
        await asyncio.sleep(max(0.0, self._start + self._count / FPS - loop.time()))
        packet = av.Packet(self._frames[self._position])
        packet.is_keyframe = self._position == 0  # the loop starts with its keyframe
        if packet.is_keyframe:
            self.keyframes_sent += 1
        self._position = (self._position + 1) % len(self._frames)
        packet.pts = self._count * (90000 // FPS)
        packet.time_base = fractions.Fraction(1, 90000)
        self._count += 1
        return packet


class StockRelay:
    """The reference: aiortc's own receive (decode), MediaRelay, and encode per viewer."""

    def __init__(self) -> None:
        self.relay = MediaRelay()
        self.source: MediaStreamTrack | None = None
        self.peers: list[RTCPeerConnection] = []

    async def answer(self, pc: RTCPeerConnection, offer: str) -> str:
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        self.peers.append(pc)
        return pc.localDescription.sdp

    async def publish(self, offer: str) -> str:
        pc = new_peer()
        pc.on("track", lambda track: setattr(self, "source", track))
        return await self.answer(pc, offer)

    async def play(self, offer: str) -> str:
        pc = new_peer()
        assert self.source is not None
        pc.addTrack(self.relay.subscribe(self.source))
        return await self.answer(pc, offer)

    async def close(self) -> None:
        for pc in self.peers:
            await pc.close()
        self.peers.clear()
        self.source = None


class LoopLag:
    """The worst lateness of a 10 ms timer since the last reading: how far behind the
    relay's event loop runs, which is what a starved or overloaded relay shows first; and
    the most CPU time the loop's thread spent from setting the timer to its firing."""

    def __init__(self) -> None:
        self.worst = self.worst_busy = 0.0
        self._task = asyncio.ensure_future(self._watch())

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start, cpu = loop.time(), time.thread_time()
            await asyncio.sleep(0.01)
            self.worst = max(self.worst, loop.time() - start - 0.01)
            self.worst_busy = max(self.worst_busy, time.thread_time() - cpu)

    def read(self) -> tuple[float, float]:
        worst, self.worst = self.worst, 0.0
        busy, self.worst_busy = self.worst_busy, 0.0
        return worst, busy


async def serve(conn: Connection, mode: str) -> None:
    apply_host_addresses(LOOPBACK)
    lag = LoopLag()
    registry = RoomRegistry(LOOPBACK)
    stock = StockRelay()
    room, loop = Room("live", 1), asyncio.get_running_loop()

    async def handle(command: str, payload: Any) -> Any:
        if command == "cpu":
            connected = sum(
                session.kind == "whep" and session.pc.connectionState == "connected"
                for state in registry.rooms().values()
                for session in [*state.publishers.values(), *state.viewers.values()]
            ) or sum(pc.connectionState == "connected" for pc in stock.peers[1:])
            return time.process_time(), lag.read(), connected
        if command == "end_room":
            await registry.close_room(room)
            return await stock.close()
        if mode == "stock":
            return await (stock.publish if command == "publish" else stock.play)(payload)
        if command == "publish":
            return (await registry.publish(room, Participant(1, "MODEL"), payload)).answer
        return (await registry.play(room, Participant(None), payload)).answer

    while True:
        command, payload = await loop.run_in_executor(None, conn.recv)
        if command == "stop":
            await registry.close()
            await stock.close()
            conn.send(None)
            return
        try:
            conn.send(await handle(command, payload))
        except MediaProblem as exc:
            conn.send(("error", exc.detail))


def run_server(conn: Connection, mode: str) -> None:
    """On uvloop, as under `python -m app serve` (uvicorn picks it when it is installed)."""
    uvloop.run(serve(conn, mode))


class RelayError(Exception):
    """The relay refused a request, e.g. because it lost the publisher."""


class ChildProcess:
    """A spawned process answering one command at a time over a pipe."""

    def __init__(self, target: Callable[..., None], *args: object) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=target, args=(child, *args), daemon=True)
        self._process.start()

    async def call(self, command: str, payload: Any = None) -> Any:
        self._conn.send((command, payload))
        reply = await asyncio.get_running_loop().run_in_executor(None, self._conn.recv)
        if isinstance(reply, tuple) and reply[0] == "error":
            raise RelayError(reply[1])
        return reply

    async def stop(self) -> None:
        await self.call("stop")
        self._process.join(10)


async def measure(
    relay: ChildProcess, hosts: list[ChildProcess], viewer_count: int, seconds: float
) -> dict[str, float]:
    shares = [
        viewer_count // len(hosts) + (i < viewer_count % len(hosts)) for i in range(len(hosts))
    ]
    for host, share in zip(hosts, shares, strict=True):
        for batch in range(0, share, CONNECT_BATCH):
            offers = await host.call("offers", min(CONNECT_BATCH, share - batch))
            await host.call("answers", [await relay.call("play", offer) for offer in offers])
    await asyncio.sleep(WARM_UP_SECONDS)

    async def snapshot() -> tuple[tuple[float, tuple[float, float], int], list[int], float, float]:
        relay_cpu = await relay.call("cpu")
        states = [await host.call("snapshot") for host in hosts]
        frames = [count for counts, _ in states for count in counts]
        return relay_cpu, frames, sum(cpu for _, cpu in states), time.monotonic()

    relay_before, frames_before, hosts_before, wall_before = await snapshot()
    await asyncio.sleep(seconds)
    relay_after, frames_after, hosts_after, wall_after = await snapshot()
    wall = wall_after - wall_before
    rates = [(a - b) / wall for a, b in zip(frames_after, frames_before, strict=True)]
    relay_cpu = relay_after[0] - relay_before[0]
    delivered = max(1, sum(frames_after) - sum(frames_before))
    return {
        "relay_cores": relay_cpu / wall,
        "cpu_per_frame_us": relay_cpu / delivered * 1e6,
        "projected_cores": relay_cpu / delivered * viewer_count * FPS,
        "relay_lag_ms": relay_after[1][0] * 1000,
        "relay_busy_ms": relay_after[1][1] * 1000,
        "connected": relay_after[2],
        "stalled": sum(rate < 1 for rate in rates),
        "viewer_cores": (hosts_after - hosts_before) / wall,
        "fps_mean": sum(rates) / len(rates),
        "fps_min": min(rates),
    }


async def start_publisher(
    relay: ChildProcess, frames: list[bytes]
) -> tuple[RTCPeerConnection, PreEncodedVideo]:
    publisher = new_peer()
    video = PreEncodedVideo(frames)
    sender = publisher.addTransceiver(video, direction="sendonly").sender
    on_keyframe_request(sender, video.send_keyframe)
    await publisher.setLocalDescription(await publisher.createOffer())
    answer = await relay.call("publish", publisher.localDescription.sdp)
    await publisher.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
    return publisher, video


async def bench(
    mode: str, counts: list[int], seconds: float, frames: list[bytes], viewer_processes: int
) -> None:
    """One round per viewer count, each with a fresh publisher and fresh viewers."""
    relay = ChildProcess(run_server, mode)
    hosts = [ChildProcess(run_viewers) for _ in range(viewer_processes)]
    try:
        for count in counts:
            publisher, video = await start_publisher(relay, frames)
            try:
                figures = await measure(relay, hosts, count, seconds)
                print(
                    f"{mode:8} {count:4d} viewers  relay {figures['relay_cores']:.3f} cores  "
                    f"fps mean {figures['fps_mean']:5.1f} min {figures['fps_min']:5.1f}  "
                    f"stalled {figures['stalled']:3.0f}  connected {figures['connected']:3d}  "
                    f"keyframes {video.keyframes_sent:3d}  "
                    f"loop lag {figures['relay_lag_ms']:4.0f} ms "
                    f"(busy {figures['relay_busy_ms']:3.0f} ms CPU)  "
                    f"relay CPU per delivered frame {figures['cpu_per_frame_us']:4.0f} µs "
                    f"= {figures['projected_cores']:.2f} cores at {FPS} fps  "
                    f"(viewer processes {figures['viewer_cores']:.2f} cores)",
                    flush=True,
                )
            except RelayError as exc:
                print(f"{mode:8} {count:4d} viewers  the relay refused a viewer: {exc}", flush=True)
            finally:
                for host in hosts:
                    await host.call("close")
                await relay.call("end_room")
                await publisher.close()
    finally:
        for process in [relay, *hosts]:
            await process.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kbps", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--viewers", default="1,10,50,100")
    parser.add_argument("--stock-viewers", default="1,4")
    parser.add_argument("--viewer-processes", type=int, default=2)
    args = parser.parse_args()
    apply_host_addresses(LOOPBACK)
    frames = encode_loop(args.kbps)
    print(
        f"VP8 {WIDTH}x{HEIGHT} {FPS} fps, {sum(map(len, frames)) * 8 / 2 / 1000:.0f} kbit/s; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run"
    )
    for mode, counts in (("forward", args.viewers), ("stock", args.stock_viewers)):
        if counts:
            viewer_counts = [int(n) for n in counts.split(",")]
            await bench(mode, viewer_counts, args.seconds, frames, args.viewer_processes)


if __name__ == "__main__":
    asyncio.run(main())
