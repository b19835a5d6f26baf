import asyncio
import fractions
import socket

import av

from media.aiortc_patch import packetizer
from media.relay import KeyframeRequester, SendSlices, TrackSource
from tests.media.test_aiortc_patch_contract import VP8
from tests.media.test_track_source import KeyframeRequests, QueuedPackets

SUBSCRIBERS = 10


class SendingClock:
    """Stands in for the wall clock: it moves only as the subscribers send packets."""

    def __init__(self) -> None:
        self.packets_sent = 0

    def __call__(self) -> float:
        return float(self.packets_sent)


class Datagrams(asyncio.DatagramProtocol):
    """Records how many subscribers had sent the frame when a datagram came in."""

    def __init__(self, sent: list[int]) -> None:
        self._sent = sent
        self.seen_after: int | None = None
        self.received = asyncio.Event()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.seen_after = len(self._sent)
        self.received.set()


async def test_socket_input_is_read_while_a_keyframe_is_fanned_out_to_many_subscribers():
    clock = SendingClock()
    incoming, requests = QueuedPackets(), KeyframeRequests()
    source = TrackSource(
        incoming,
        packetizer(VP8),
        KeyframeRequester(requests),
        slices=SendSlices(slice_seconds=6, clock=clock),  # two 3-packet frames a turn
    )
    loop = asyncio.get_running_loop()
    sent: list[int] = []
    datagrams = Datagrams(sent)
    listener, _ = await loop.create_datagram_endpoint(
        lambda: datagrams, local_addr=("127.0.0.1", 0)
    )
    poke = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    async def subscriber(index: int) -> bytes:
        track = source.subscribe()
        frame = await track.recv()
        if not sent:  # input arrives as the first subscriber sends
            poke.sendto(b"x", listener.get_extra_info("sockname"))
        clock.packets_sent += len(frame.payloads)  # sent at once, as aiortc's sender does
        sent.append(index)
        return b"".join(frame.payloads)

    senders = [asyncio.ensure_future(subscriber(index)) for index in range(SUBSCRIBERS)]
    async with asyncio.timeout(2):
        await requests.asked.wait()
    assert source.subscriber_count == SUBSCRIBERS
    keyframe = av.Packet(b"\x10\x02\x00\x9d\x01\x2a" + bytes(3000))  # three RTP payloads
    keyframe.pts, keyframe.time_base, keyframe.is_keyframe = 0, fractions.Fraction(1, 90000), True
    incoming.queue.put_nowait(keyframe)

    async with asyncio.timeout(2):
        payloads = await asyncio.gather(*senders)
        await datagrams.received.wait()
    assert all(p == payloads[0] for p in payloads) and sorted(sent) == list(range(SUBSCRIBERS))
    assert datagrams.seen_after is not None and datagrams.seen_after < SUBSCRIBERS
    listener.close()
    poke.close()
    await source.close()
