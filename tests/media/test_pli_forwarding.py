import asyncio

from media.aiortc_patch import on_keyframe_request, send_picture_loss
from tests.media.peers import FRAME_TIMEOUT, decoded_frames, play, publish

MODEL = (10, "MODEL")


def watch_keyframe_requests(pc) -> asyncio.Event:
    """Set whenever the publisher's video sender gets an RTCP PLI or FIR."""
    requested = asyncio.Event()
    on_keyframe_request(pc.getTransceivers()[0].sender, requested.set)
    return requested


async def test_a_joining_viewer_gets_the_publisher_a_pli(client, peers):
    publisher = peers()
    assert (await publish(client, "live:10", MODEL, publisher)).status_code == 201
    requested = watch_keyframe_requests(publisher)

    _, track = await play(client, "live:10", (20, "PRIME"), peers())
    async with asyncio.timeout(FRAME_TIMEOUT):
        await requested.wait()
    await decoded_frames(track, 1)


async def test_a_viewers_pli_reaches_the_publisher(client, peers):
    publisher, viewer = peers(), peers()
    assert (await publish(client, "live:10", MODEL, publisher)).status_code == 201
    _, track = await play(client, "live:10", (20, "PRIME"), viewer)
    await decoded_frames(track, 3)
    requested = watch_keyframe_requests(publisher)

    await send_picture_loss(viewer.getTransceivers()[0].receiver)
    async with asyncio.timeout(FRAME_TIMEOUT):
        await requested.wait()
