"""The viewers of bench/relay.py: WHEP-style peers that count encoded frames, run in processes
of their own so that they are not what limits the frame rate."""

import asyncio
import time
from multiprocessing.connection import Connection

from aiortc import MediaStreamTrack, RTCConfiguration, RTCPeerConnection, RTCSessionDescription

from media.aiortc_patch import forward_encoded_frames
from media.ice import IceSettings, apply_host_addresses

LOOPBACK = IceSettings(host_addresses=["127.0.0.1"])


def new_peer() -> RTCPeerConnection:
    return RTCPeerConnection(RTCConfiguration(iceServers=[]))


class Viewer:
    """A WHEP-style viewer that counts the encoded frames it receives, undecoded."""

    def __init__(self) -> None:
        self.pc = new_peer()
        self.transceiver = self.pc.addTransceiver("video", direction="recvonly")
        self.frames = 0
        self._counter: asyncio.Task[None] | None = None

    async def offer(self) -> str:
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return self.pc.localDescription.sdp

    async def accept(self, answer: str) -> None:
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
        forward_encoded_frames(self.transceiver.receiver)
        self._counter = asyncio.ensure_future(self._count(self.transceiver.receiver.track))

    async def _count(self, track: MediaStreamTrack) -> None:
        while True:
            await track.recv()
            self.frames += 1

    async def close(self) -> None:
        if self._counter is not None:
            self._counter.cancel()
        await self.pc.close()


async def host_viewers(conn: Connection) -> None:
    apply_host_addresses(LOOPBACK)
    loop = asyncio.get_running_loop()
    viewers: list[Viewer] = []
    pending: list[Viewer] = []
    while True:
        command, payload = await loop.run_in_executor(None, conn.recv)
        if command == "offers":
            pending = [Viewer() for _ in range(payload)]
            conn.send([await v.offer() for v in pending])
        elif command == "answers":
            for viewer, answer in zip(pending, payload, strict=True):
                await viewer.accept(answer)
            viewers += pending
            conn.send(None)
        elif command == "snapshot":
            conn.send(([v.frames for v in viewers], time.process_time()))
        elif command == "close":
            for viewer in viewers:
                await viewer.close()
            viewers.clear()
            conn.send(None)
        else:
            conn.send(None)
            return


def run_viewers(conn: Connection) -> None:
    asyncio.run(host_viewers(conn))
