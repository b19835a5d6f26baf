from aiortc import AudioStreamTrack, RTCRtpSender

from tests.media.peers import MovingBar, decoded_frames, post_offer


def video_codecs(mime: str) -> list:
    return [
        c
        for c in RTCRtpSender.getCapabilities("video").codecs
        if c.mimeType.lower() in (mime, "video/rtx")
    ]


def answered_video_codecs(sdp: str) -> set[str]:
    video = sdp.split("m=video", 1)[1]
    return {line.split()[1].split("/")[0] for line in video.splitlines() if "a=rtpmap" in line}


async def test_viewers_take_the_codec_the_publisher_sends(client, peers):
    publisher = peers()
    sending = publisher.addTransceiver(MovingBar(), direction="sendonly")
    sending.setCodecPreferences(video_codecs("video/h264"))
    published = await post_offer(client, "/whip/live:10", publisher, (10, "MODEL"))
    assert published.status_code == 201
    assert answered_video_codecs(published.text) == {"H264", "rtx"}

    viewer = peers()
    receiving = viewer.addTransceiver("video", direction="recvonly")
    played = await post_offer(client, "/whep/live:10", viewer, (20, "PRIME"))
    assert played.status_code == 201
    assert answered_video_codecs(played.text) == {"H264", "rtx"}
    assert len(await decoded_frames(receiving.receiver.track, 5)) == 5


async def test_a_viewer_without_the_publishers_codec_is_refused(client, peers):
    publisher = peers()
    publisher.addTransceiver(MovingBar(), direction="sendonly").setCodecPreferences(
        video_codecs("video/h264")
    )
    assert (await post_offer(client, "/whip/live:10", publisher, (10, "MODEL"))).status_code == 201

    viewer = peers()
    viewer.addTransceiver("video", direction="recvonly").setCodecPreferences(
        video_codecs("video/vp8")
    )
    refused = await post_offer(client, "/whep/live:10", viewer, (20, "PRIME"))
    assert refused.status_code == 400
    assert "video/H264" in refused.json()["detail"]


async def test_a_publisher_without_a_forwarded_codec_is_refused(client, peers, registry, events):
    publisher = peers()
    publisher.addTransceiver(AudioStreamTrack(), direction="sendonly").setCodecPreferences(
        [c for c in RTCRtpSender.getCapabilities("audio").codecs if c.mimeType == "audio/PCMU"]
    )
    refused = await post_offer(client, "/whip/live:10", publisher, (10, "MODEL"))
    assert refused.status_code == 400
    assert "audio/opus" in refused.json()["detail"]
    assert registry.rooms() == {}
    assert events == []
