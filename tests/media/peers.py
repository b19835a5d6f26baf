"""In-process aiortc peers that publish over WHIP and play over WHEP."""

import asyncio
import fractions

import av
import httpx
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)

from tests.media.policy import user_header

SDP_HEADERS = {"content-type": "application/sdp"}
FRAME_TIMEOUT = 10


class MovingBar(VideoStreamTrack):
    """320x240 frames with a bar that moves, so every frame differs from the last."""

    def __init__(self) -> None:
        super().__init__()
        self._count = 0

    async def recv(self) -> av.VideoFrame:
        pts, time_base = await self.next_timestamp()
        row = bytearray(320)
        column = (self._count * 8) % 304
        row[column : column + 16] = b"\xff" * 16
        self._count += 1
        frame = yuv_frame(320, 240, bytes(row) * 240)
        frame.pts = pts
        frame.time_base = fractions.Fraction(time_base.numerator, time_base.denominator)
        return frame


def yuv_frame(width: int, height: int, luma: bytes) -> av.VideoFrame:
    """A frame with the given brightness and no colour (width a multiple of 64)."""
    frame = av.VideoFrame(width, height, "yuv420p")
    frame.planes[0].update(luma)
    for chroma in frame.planes[1:]:
        chroma.update(b"\x80" * (width * height // 4))
    return frame


def new_peer() -> RTCPeerConnection:
    return RTCPeerConnection(RTCConfiguration(iceServers=[]))


async def post_offer(
    client: httpx.AsyncClient, url: str, pc: RTCPeerConnection, user: tuple[int, str] | None
) -> httpx.Response:
    await pc.setLocalDescription(await pc.createOffer())
    headers = SDP_HEADERS | (user_header(*user) if user else {})
    response = await client.post(url, content=pc.localDescription.sdp, headers=headers)
    if response.status_code == 201:
        await pc.setRemoteDescription(RTCSessionDescription(sdp=response.text, type="answer"))
    return response


async def publish(
    client: httpx.AsyncClient, room: str, user: tuple[int, str] | None, pc: RTCPeerConnection
) -> httpx.Response:
    pc.addTransceiver(MovingBar(), direction="sendonly")
    return await post_offer(client, f"/whip/{room}", pc, user)


async def play(
    client: httpx.AsyncClient, room: str, user: tuple[int, str] | None, pc: RTCPeerConnection
) -> tuple[httpx.Response, MediaStreamTrack]:
    transceiver = pc.addTransceiver("video", direction="recvonly")
    response = await post_offer(client, f"/whep/{room}", pc, user)
    return response, transceiver.receiver.track


async def decoded_frames(track: MediaStreamTrack, count: int) -> list[av.VideoFrame]:
    frames = []
    async with asyncio.timeout(FRAME_TIMEOUT):
        while len(frames) < count:
            frame = await track.recv()
            assert isinstance(frame, av.VideoFrame)
            frames.append(frame)
    return frames
