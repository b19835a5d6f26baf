"""Relay sender cost without ICE, DTLS or viewers: what one frame costs per viewer.

    python -m bench.relay_senders [--viewers 100] [--seconds 10] [--kbps 500]

One process, one thread: a source track fed the VP8 loop of bench/relay.py at 30 fps, fanned
out by a TrackSource to ``--viewers`` aiortc senders wired as media/sessions.py wires them.
Each sender's transport SRTP-protects what it is given, as aiortc's does, and sends it over
UDP to a socket nobody reads. The figure is the process CPU time per frame a sender sent; as
it needs no other process to keep up, it holds up on a shared machine far better than
bench/relay.py, which it does not replace (no ICE layers, no RTCP from viewers here).
"""

import argparse
import asyncio
import os
import socket
import time

import uvloop
from aiortc import RTCRtpSender
from aiortc.codecs import HEADER_EXTENSIONS
from aiortc.rtcdtlstransport import SRTP_AES128_CM_SHA1_80
from aiortc.rtcrtpparameters import RTCRtcpParameters, RTCRtpCodecParameters, RTCRtpSendParameters
from aiortc.rtp import is_rtcp
from pylibsrtp import Policy, Session

from bench.relay import FPS, PreEncodedVideo, encode_loop
from media.aiortc_patch import on_keyframe_request, packetizer, send_packetized
from media.relay import KeyframeRequester, TrackSource

VP8 = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=96)


class SrtpUdpTransport:
    """Stands in for a connected RTCDtlsTransport: protects and sends, counts frames sent."""

    state = "connected"

    def __init__(self, sink: tuple[str, int]) -> None:
        policy = Policy(
            key=os.urandom(30),
            ssrc_type=Policy.SSRC_ANY_OUTBOUND,
            srtp_profile=SRTP_AES128_CM_SHA1_80.libsrtp_profile,
        )
        policy.allow_repeat_tx = True
        policy.window_size = 1024
        self._srtp = Session(policy)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.setblocking(False)
        self._sink = sink
        self.frames = 0

    def _register_rtp_sender(self, sender: RTCRtpSender, parameters: object) -> None:
        pass

    def _unregister_rtp_sender(self, sender: RTCRtpSender) -> None:
        pass

    async def _send_rtp(self, data: bytes) -> None:
        if is_rtcp(data):
            data = self._srtp.protect_rtcp(data)
        else:
            self.frames += data[1] >> 7
            data = self._srtp.protect(data)
        try:
            self._socket.sendto(data, self._sink)
        except BlockingIOError:
            pass

    def close(self) -> None:
        self._socket.close()


async def measure(viewers: int, seconds: float, frames: list[bytes]) -> None:
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    incoming = PreEncodedVideo(frames)  # the publisher's track as the relay receives it

    async def keyframe() -> None:
        incoming.send_keyframe()

    source = TrackSource(incoming, packetizer(VP8), KeyframeRequester(keyframe))
    transports, senders = [], []
    parameters = RTCRtpSendParameters(
        codecs=[VP8],
        headerExtensions=HEADER_EXTENSIONS["video"],
        muxId="0",
        rtcp=RTCRtcpParameters(cname="bench"),
    )
    for _ in range(viewers):
        transport = SrtpUdpTransport(sink.getsockname())
        sender = RTCRtpSender(source.subscribe(), transport)  # type: ignore[arg-type]
        send_packetized(sender)
        on_keyframe_request(sender, source.request_keyframe)
        await sender.send(parameters)
        transports.append(transport)
        senders.append(sender)
    await asyncio.sleep(2)
    sent_before = sum(t.frames for t in transports)
    cpu_before, wall_before = time.process_time(), time.monotonic()
    await asyncio.sleep(seconds)
    sent = sum(t.frames for t in transports) - sent_before
    cpu, wall = time.process_time() - cpu_before, time.monotonic() - wall_before
    print(
        f"{viewers:4d} senders  {sent / viewers / wall:5.1f} fps  {cpu / wall:.3f} cores  "
        f"CPU per frame sent {cpu / max(sent, 1) * 1e6:5.1f} µs "
        f"= {cpu / max(sent, 1) * viewers * FPS:.2f} cores at {FPS} fps",
        flush=True,
    )
    for sender in senders:
        await sender.stop()
    await source.close()
    for transport in transports:
        transport.close()
    sink.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kbps", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--viewers", default="100")
    args = parser.parse_args()
    frames = encode_loop(args.kbps)
    for count in (int(n) for n in args.viewers.split(",")):
        uvloop.run(measure(count, args.seconds, frames))


if __name__ == "__main__":
    main()
