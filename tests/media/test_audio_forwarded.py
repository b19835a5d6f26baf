import asyncio

import av
from aiortc import AudioStreamTrack

from tests.media.peers import FRAME_TIMEOUT, MovingBar, post_offer


async def test_opus_audio_is_forwarded_with_the_video(client, peers):
    publisher = peers()
    publisher.addTransceiver(AudioStreamTrack(), direction="sendonly")
    publisher.addTransceiver(MovingBar(), direction="sendonly")
    assert (await post_offer(client, "/whip/live:10", publisher, (10, "MODEL"))).status_code == 201

    viewer = peers()
    audio = viewer.addTransceiver("audio", direction="recvonly")
    video = viewer.addTransceiver("video", direction="recvonly")
    response = await post_offer(client, "/whep/live:10", viewer, (20, "PRIME"))
    assert response.status_code == 201
    assert "opus/48000" in response.text.lower()

    async with asyncio.timeout(FRAME_TIMEOUT):
        sound = await audio.receiver.track.recv()
        picture = await video.receiver.track.recv()
    assert isinstance(sound, av.AudioFrame) and sound.sample_rate == 48000
    assert isinstance(picture, av.VideoFrame)
