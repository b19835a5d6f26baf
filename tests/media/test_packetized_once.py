import asyncio
import fractions

import av

from tests.media.test_track_source import watched_source


async def test_every_subscriber_gets_the_frame_cut_into_payloads_once():
    incoming, source, requests = watched_source()
    tracks = [source.subscribe() for _ in range(3)]
    receiving = [asyncio.ensure_future(track.recv()) for track in tracks]
    async with asyncio.timeout(2):
        await requests.asked.wait()
    packet = av.Packet(b"\x10\x02\x00\x9d\x01\x2a" + bytes(3000))
    packet.pts, packet.time_base, packet.is_keyframe = 3000, fractions.Fraction(1, 90000), True
    incoming.queue.put_nowait(packet)

    first, *others = [await r for r in receiving]
    assert all(frame is first for frame in others)
    assert len(first.payloads) == 3 and first.timestamp == 3000 and first.is_keyframe
    await source.close()
