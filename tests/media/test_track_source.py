import asyncio
import fractions

import av
import pytest
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from media.aiortc_patch import packetizer
from media.relay import KEYFRAME_REQUEST_INTERVAL, VIDEO_QUEUE_PACKETS, KeyframeRequester, TrackSource
from tests.media.test_aiortc_patch_contract import VP8


class QueuedPackets(MediaStreamTrack):
    """An incoming track of encoded packets fed by the test; None ends it."""

    kind = "video"

    def __init__(self) -> None:
        super().__init__()
        self.queue: asyncio.Queue[av.Packet | None] = asyncio.Queue()

    async def recv(self) -> av.Packet:
        packet = await self.queue.get()
        if packet is None:
            raise MediaStreamError
        return packet


class KeyframeRequests:
    """Stands in for the publisher: records each keyframe request; `asked` is set by the first."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.asked = asyncio.Event()

    async def __call__(self) -> None:
        self.times.append(asyncio.get_running_loop().time())
        self.asked.set()


def watched_source(interval: float = KEYFRAME_REQUEST_INTERVAL
                   ) -> tuple[QueuedPackets, TrackSource, KeyframeRequests]:
    """A VP8 source fed by the test, and the keyframe requests it sends."""
    incoming, requests = QueuedPackets(), KeyframeRequests()
    return incoming, TrackSource(incoming, packetizer(VP8), KeyframeRequester(requests, interval)), requests


def packet(keyframe: bool, pts: int) -> av.Packet:
    p = av.Packet(bytes(10))
    p.pts, p.time_base, p.is_keyframe = pts, fractions.Fraction(1, 90000), keyframe
    return p


async def test_subscribers_start_on_a_keyframe_and_end_with_the_source():
    incoming, source, requests = watched_source()
    first, second = source.subscribe(), source.subscribe()
    first_recv = asyncio.ensure_future(first.recv())
    second_recv = asyncio.ensure_future(second.recv())
    async with asyncio.timeout(2):
        await requests.asked.wait()
    assert source.subscriber_count == 2

    incoming.queue.put_nowait(packet(False, 0))
    incoming.queue.put_nowait(packet(True, 1))
    assert (await first_recv).timestamp == (await second_recv).timestamp == 1

    incoming.queue.put_nowait(None)
    for track in (first, second):
        with pytest.raises(MediaStreamError):
            await track.recv()
    assert source.subscriber_count == 0
    await source.close()


async def test_a_stopped_subscriber_leaves_the_fan_out():
    incoming, source, requests = watched_source()
    track = source.subscribe()
    receiving = asyncio.ensure_future(track.recv())
    async with asyncio.timeout(2):
        await requests.asked.wait()
    incoming.queue.put_nowait(packet(True, 0))
    assert (await receiving).timestamp == 0
    assert source.subscriber_count == 1
    track.stop()
    assert source.subscriber_count == 0
    await source.close()


async def test_a_slow_subscriber_skips_to_a_keyframe_while_others_get_everything():
    incoming, source, requests = watched_source(interval=0)
    fast, slow = source.subscribe(), source.subscribe()
    fast_first = asyncio.ensure_future(fast.recv())
    slow_first = asyncio.ensure_future(slow.recv())
    async with asyncio.timeout(2):
        await requests.asked.wait()

    total = VIDEO_QUEUE_PACKETS + 20
    fast_pts = []
    for pts in range(total):
        incoming.queue.put_nowait(packet(pts % 40 == 0, pts))
        fast_pts.append((await (fast_first if pts == 0 else fast.recv())).timestamp)
    assert fast_pts == list(range(total))

    slow_pts = [(await slow_first).timestamp] + [(await slow.recv()).timestamp for _ in range(10)]
    assert slow_pts == [0, *range(40, 50)]
    assert len(requests.times) == 3  # two joins, one gap
    await source.close()
