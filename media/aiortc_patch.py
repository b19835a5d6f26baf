"""The one place that reaches into aiortc internals, so the relay forwards encoded media.

aiortc decodes everything a receiver gets and encodes everything a sender sends, but a
sender handed an ``av.Packet`` only packetizes it. Here a receiver's decoder queue is
replaced by one that wraps each depacketized frame as an ``av.Packet``, and a sender's
keyframe request (which only sets a flag for its encoder) is routed to a callback. A relay
sender takes frames already cut into RTP payloads, once for all viewers (``packetizer``,
``send_packetized``), and aiortc's NTP clock, read twice per RTP packet sent, no longer goes
through ``datetime``. And aioice's ``Connection.connect()`` no longer leaves a consent-check task
running when ``close()`` raced its last step (see ``_connect_then_honour_close``).
``tests/media/test_aiortc_patch_contract.py`` fails if an aiortc upgrade breaks this.
"""

import asyncio
import queue
import threading
import time
from collections.abc import Callable
from fractions import Fraction

import aioice
import av
from aiortc import RTCRtpReceiver, RTCRtpSender, clock
from aiortc import rtcrtpreceiver as receiver_module
from aiortc.codecs import get_encoder
from aiortc.jitterbuffer import JitterFrame
from aiortc.rtcrtpparameters import RTCRtpCodecCapability, RTCRtpCodecParameters
from aiortc.rtcrtpsender import RTCEncodedFrame

H264_KEYFRAME_NAL_TYPES = frozenset({5, 7})  # IDR slice, sequence parameter set
NTP_EPOCH_OFFSET = 2_208_988_800  # seconds from 1900-01-01 (NTP) to 1970-01-01 (Unix)

_stock_decoder_worker = receiver_module.decoder_worker
_stock_connect = aioice.Connection.connect


def is_keyframe(mime_type: str, data: bytes) -> bool:
    """Whether a depacketized frame can be decoded without the frames before it."""
    mime = mime_type.lower()
    if mime == "video/vp8":
        return bool(data) and not data[0] & 0x01
    if mime == "video/h264":
        start = data.find(b"\x00\x00\x01")
        while start != -1 and start + 3 < len(data):
            if data[start + 3] & 0x1F in H264_KEYFRAME_NAL_TYPES:
                return True
            start = data.find(b"\x00\x00\x01", start + 3)
        return False
    return True


def encoded_packet(codec: RTCRtpCodecParameters, frame: JitterFrame) -> av.Packet:
    packet = av.Packet(frame.data)
    packet.pts = frame.timestamp
    packet.time_base = Fraction(1, codec.clockRate)
    packet.is_keyframe = is_keyframe(codec.mimeType, frame.data)
    return packet


class _EncodedFrameQueue:
    """Stands in for the receiver's decoder queue; runs on the event loop thread."""

    def __init__(self, track_queue: asyncio.Queue) -> None:
        self._track_queue = track_queue

    def put(self, task: tuple[RTCRtpCodecParameters, JitterFrame] | None) -> None:
        if task is None:
            self._track_queue.put_nowait(None)
            return
        codec, frame = task
        self._track_queue.put_nowait(encoded_packet(codec, frame))


def _decoder_worker(
    loop: asyncio.AbstractEventLoop,
    input_q: "queue.Queue | _EncodedFrameQueue",
    output_q: asyncio.Queue,
    decode_error: threading.Event,
) -> None:
    if isinstance(input_q, _EncodedFrameQueue):
        return
    _stock_decoder_worker(loop, input_q, output_q, decode_error)


def forward_encoded_frames(receiver: RTCRtpReceiver) -> None:
    """Make ``receiver.track.recv()`` return encoded ``av.Packet`` instead of frames.

    Call it after ``setRemoteDescription`` created the receiver's track and before the
    connection starts the receiver (``setLocalDescription`` of the answer).
    """
    if receiver._RTCRtpReceiver__decoder_thread is not None:  # type: ignore[attr-defined]
        raise RuntimeError("the receiver already decodes: forward before it starts")
    receiver_module.decoder_worker = _decoder_worker
    receiver._RTCRtpReceiver__decoder_queue = _EncodedFrameQueue(  # type: ignore[attr-defined]
        receiver._track._queue  # type: ignore[union-attr]
    )


async def send_picture_loss(receiver: RTCRtpReceiver) -> None:
    """Send an RTCP PLI for each source the receiver currently hears."""
    for source in receiver.getSynchronizationSources():
        await receiver._send_rtcp_pli(source.source)


def on_keyframe_request(sender: RTCRtpSender, callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the remote peer asks this sender for a keyframe."""
    stock_send_keyframe = sender._send_keyframe

    def send_keyframe() -> None:
        stock_send_keyframe()
        callback()

    sender._send_keyframe = send_keyframe  # type: ignore[method-assign]


class PacketizedFrame(RTCEncodedFrame):
    """An encoded frame cut into RTP payloads once, then sent as it is by every viewer's sender."""

    def __init__(self, payloads: list[bytes], timestamp: int, is_keyframe: bool) -> None:
        super().__init__(payloads, timestamp, audio_level=None)  # type: ignore[arg-type]
        self.is_keyframe = is_keyframe


def packetizer(
    codec: RTCRtpCodecCapability | RTCRtpCodecParameters,
) -> Callable[[av.Packet], PacketizedFrame]:
    """Cuts encoded packets into the payloads a sender of ``codec`` would cut them into."""
    encoder = get_encoder(
        RTCRtpCodecParameters(
            mimeType=codec.mimeType, clockRate=codec.clockRate, channels=codec.channels
        )
    )

    def packetize(packet: av.Packet) -> PacketizedFrame:
        payloads, timestamp = encoder.pack(packet)
        return PacketizedFrame(payloads, timestamp, bool(packet.is_keyframe))

    return packetize


def send_packetized(sender: RTCRtpSender) -> None:
    """Make ``sender`` send the ``PacketizedFrame``s its track returns without packing them."""

    async def next_encoded_frame(codec: RTCRtpCodecParameters) -> RTCEncodedFrame | None:
        frame = await sender.track.recv()
        assert isinstance(frame, PacketizedFrame), "a relay track returns packetized frames"
        return frame if sender._enabled else None

    sender._next_encoded_frame = next_encoded_frame  # type: ignore[method-assign]


def _current_ntp_time() -> int:
    return int((time.time() + NTP_EPOCH_OFFSET) * (1 << 32))


async def _connect_then_honour_close(self: aioice.Connection) -> None:
    """aioice starts consent checks at the end of ``connect()``; a ``close()`` that ran while
    ``connect()`` waited for its last step found no task to cancel and had already dropped the
    nominated pairs, so that task would loop every ~5 s forever. Cancel it here instead."""
    await _stock_connect(self)
    task = self._query_consent_task
    if self._closing and task is not None:
        task.cancel()
        self._query_consent_task = None


aioice.Connection.connect = _connect_then_honour_close  # type: ignore[method-assign]
clock.current_ntp_time = _current_ntp_time
