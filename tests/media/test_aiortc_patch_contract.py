"""Fails when an aiortc upgrade changes the internals media/aiortc_patch.py relies on.

Each test drives a real receiver or sender through the internal it patches or calls.
"""

import fractions
import inspect

import aioice.ice
import av
import pytest
from aiortc import RTCRtpReceiver, RTCRtpSender, clock, rtcrtpreceiver, rtcrtpsender
from aiortc.codecs.vpx import Vp8Encoder
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from aiortc.rtcrtpparameters import (
    RTCRtpCodecParameters,
    RTCRtpDecodingParameters,
    RTCRtpReceiveParameters,
)
from aiortc.rtcrtpreceiver import RemoteStreamTrack
from aiortc.rtp import RTCP_PSFB_FIR, RTCP_PSFB_PLI, RtcpPsfbPacket, RtpPacket

from media.aiortc_patch import (
    PacketizedFrame,
    forward_encoded_frames,
    on_keyframe_request,
    packetizer,
    send_packetized,
)
from tests.media.peers import new_peer, yuv_frame

VP8 = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=96)
SSRC = 1234


def vp8_frames(count: int) -> list[list[bytes]]:
    """RTP payloads of ``count`` frames, the first a keyframe."""
    encoder = Vp8Encoder()
    frames = []
    for index in range(count):
        frame = yuv_frame(64, 64, bytes([index * 40]) * 64 * 64)
        frame.pts = index * 3000
        frame.time_base = fractions.Fraction(1, 90000)
        frames.append(encoder.encode(frame)[0])
    return frames


def test_the_internals_exist_with_the_expected_signatures():
    worker = inspect.signature(rtcrtpreceiver.decoder_worker)
    assert list(worker.parameters) == ["loop", "input_q", "output_q", "decode_error"]
    assert list(inspect.signature(RTCRtpReceiver._send_rtcp_pli).parameters) == [
        "self",
        "media_ssrc",
    ]
    assert inspect.iscoroutinefunction(RTCRtpReceiver._send_rtcp_pli)
    assert list(inspect.signature(RTCRtpSender._send_keyframe).parameters) == ["self"]
    assert "clock.current_ntp_time()" in inspect.getsource(RTCRtpSender._run_rtp)
    assert list(inspect.signature(aioice.ice.get_host_addresses).parameters) == [
        "use_ipv4",
        "use_ipv6",
    ]


async def test_a_receiver_hands_its_track_encoded_packets():
    pc = new_peer()
    receiver = pc.addTransceiver("video", direction="recvonly").receiver
    assert hasattr(receiver, "_RTCRtpReceiver__decoder_queue")
    assert receiver._RTCRtpReceiver__decoder_thread is None
    receiver._track = RemoteStreamTrack(kind="video")
    forward_encoded_frames(receiver)
    await receiver.receive(
        RTCRtpReceiveParameters(
            codecs=[VP8], encodings=[RTCRtpDecodingParameters(ssrc=SSRC, payloadType=96)]
        )
    )

    sequence_number = 0
    frames = vp8_frames(3)
    for index, payloads in enumerate(frames):
        for position, payload in enumerate(payloads):
            packet = RtpPacket(
                payload_type=96,
                sequence_number=sequence_number,
                timestamp=index * 3000,
                ssrc=SSRC,
                marker=int(position == len(payloads) - 1),
            )
            packet.payload = payload
            sequence_number += 1
            await receiver._handle_rtp_packet(packet, arrival_time_ms=index * 33)

    with pytest.raises(RuntimeError):
        forward_encoded_frames(receiver)
    first, second = await receiver.track.recv(), await receiver.track.recv()
    assert isinstance(first, av.Packet) and isinstance(second, av.Packet)
    assert (first.is_keyframe, second.is_keyframe) == (True, False)
    assert (first.pts, second.pts) == (0, 3000)
    assert first.time_base == fractions.Fraction(1, 90000)

    await receiver.stop()
    with pytest.raises(MediaStreamError):
        await receiver.track.recv()
    await pc.close()


class OnePacket(MediaStreamTrack):
    kind = "video"

    async def recv(self) -> av.Packet:
        packet = av.Packet(b"\x10\x02\x00\x9d\x01\x2a" + bytes(200))
        packet.pts = 3000
        packet.time_base = fractions.Fraction(1, 90000)
        return packet


async def test_a_sender_packs_an_encoded_packet_without_encoding():
    pc = new_peer()
    sender = pc.addTransceiver(OnePacket(), direction="sendonly").sender
    encoded = await sender._next_encoded_frame(VP8)
    assert encoded is not None
    assert encoded.timestamp == 3000
    assert b"".join(p[4:] for p in encoded.payloads).endswith(bytes(200))
    await pc.close()


@pytest.mark.parametrize("fmt", [RTCP_PSFB_PLI, RTCP_PSFB_FIR])
async def test_a_senders_keyframe_request_reaches_the_callback(fmt):
    pc = new_peer()
    sender = pc.addTransceiver("video", direction="sendonly").sender
    requests: list[int] = []
    on_keyframe_request(sender, lambda: requests.append(fmt))
    await sender._handle_rtcp_packet(RtcpPsfbPacket(fmt=fmt, ssrc=1, media_ssrc=sender._ssrc))
    assert requests == [fmt]
    await pc.close()


def test_the_ntp_clock_tells_the_time_aiortc_tells():
    stock = clock.datetime_to_ntp(clock.current_datetime())
    assert abs(rtcrtpsender.clock.current_ntp_time() - stock) < (1 << 32) // 100


class PacketizedTrack(MediaStreamTrack):
    kind = "video"

    def __init__(self, frame: PacketizedFrame) -> None:
        super().__init__()
        self.frame = frame

    async def recv(self) -> PacketizedFrame:  # type: ignore[override]
        return self.frame


async def test_a_sender_sends_a_packetized_frame_as_it_is():
    frame = packetizer(VP8)(await OnePacket().recv())
    stock_pc = new_peer()
    stock = stock_pc.addTransceiver(OnePacket(), direction="sendonly").sender
    stock_frame = await stock._next_encoded_frame(VP8)
    assert stock_frame is not None
    assert [p[4:] for p in frame.payloads] == [p[4:] for p in stock_frame.payloads]
    assert frame.timestamp == stock_frame.timestamp

    pc = new_peer()
    sender = pc.addTransceiver(PacketizedTrack(frame), direction="sendonly").sender
    send_packetized(sender)
    assert await sender._next_encoded_frame(VP8) is frame
    await pc.close()
    await stock_pc.close()
