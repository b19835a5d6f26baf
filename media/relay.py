"""Fan-out of encoded frames: one reader per source track, which cuts each frame into RTP
payloads once, one bounded queue per subscriber, and slices of the event loop for sending."""

import asyncio
import time
from collections.abc import Awaitable, Callable

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from media.aiortc_patch import PacketizedFrame

VIDEO_QUEUE_PACKETS = 30
AUDIO_QUEUE_PACKETS = 50
KEYFRAME_REQUEST_INTERVAL = 0.5
SEND_SLICE_SECONDS = 0.005


class SubscriberQueue:
    """A bounded frame queue that, when full, drops until the next keyframe.

    Dropping a delta frame corrupts the picture until the next keyframe, so on overflow
    the queue is emptied, every packet up to the next keyframe is refused and
    ``on_gap`` asks for that keyframe. A new subscriber waits for a keyframe too.
    """

    def __init__(self, capacity: int, on_gap: Callable[[], None]) -> None:
        self._queue: asyncio.Queue[PacketizedFrame | None] = asyncio.Queue(capacity)
        self._on_gap = on_gap
        self._awaiting_keyframe = True
        self._closed = False
        self.dropped = 0

    def offer(self, packet: PacketizedFrame) -> None:
        if self._closed:
            return
        if self._awaiting_keyframe:
            if not packet.is_keyframe:
                self.dropped += 1
                return
            self._awaiting_keyframe = False
        try:
            self._queue.put_nowait(packet)
        except asyncio.QueueFull:
            self.dropped += self._drain() + 1
            if packet.is_keyframe:
                self._queue.put_nowait(packet)
            else:
                self._awaiting_keyframe = True
                self._on_gap()

    def close(self) -> None:
        """Drop what is queued and end the subscriber: the sentinel always fits."""
        if not self._closed:
            self._closed = True
            self._drain()
            self._queue.put_nowait(None)

    def __len__(self) -> int:
        return self._queue.qsize()

    async def get(self) -> PacketizedFrame | None:
        return await self._queue.get()

    def _drain(self) -> int:
        count = 0
        while not self._queue.empty():
            self._queue.get_nowait()
            count += 1
        return count


class SendSlices:
    """Takes turns for the subscribers' senders so that sending never holds the loop for long.

    A frame offered to every subscriber wakes every sender in the same loop iteration, and
    each sends its whole frame without awaiting anything: a keyframe to 100 viewers kept the
    loop from polling sockets and running timers for ~60 ms of CPU. Here the frames handed
    out in one iteration share a slice of ``slice_seconds``; once it is spent, the next
    sender waits until the loop went round. A sender always sends whole frames, in order.
    """

    def __init__(
        self,
        slice_seconds: float = SEND_SLICE_SECONDS,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._slice = slice_seconds
        self._clock = clock
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ends_at: float | None = None

    async def turn(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = self._clock()
            if self._ends_at is None or self._loop is not loop:
                self._loop, self._ends_at = loop, now + self._slice
                loop.call_soon(self._end)  # runs once the loop went round
                return
            if now < self._ends_at:
                return
            await asyncio.sleep(0)

    def _end(self) -> None:
        self._ends_at = None


SEND_SLICES = SendSlices()  # one event loop, so one share of it for every source


class KeyframeRequester:
    """Sends at most one keyframe request per interval; a request inside it is deferred."""

    def __init__(
        self, send: Callable[[], Awaitable[None]], interval: float = KEYFRAME_REQUEST_INTERVAL
    ) -> None:
        self._send = send
        self._interval = interval
        self._last_sent = float("-inf")
        self._deferred: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.sent = 0

    def request(self) -> None:
        if self._deferred is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self._last_sent + self._interval - loop.time()
        if wait > 0:
            self._deferred = loop.call_later(wait, self._fire)
        else:
            self._fire()

    def _fire(self) -> None:
        self._deferred = None
        self._last_sent = asyncio.get_running_loop().time()
        self.sent += 1
        task = asyncio.ensure_future(self._send())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        if self._deferred is not None:
            self._deferred.cancel()
            self._deferred = None
        await asyncio.gather(*self._tasks, return_exceptions=True)


class TrackSource:
    """Reads one incoming track of encoded packets and offers each, cut into RTP payloads by
    ``packetize``, to every subscriber.

    ``on_end`` runs when the remote side ends the track (an RTCP BYE, a closed peer).
    Subscribers hand their frames to their senders in turns of ``slices``.
    """

    def __init__(
        self,
        track: MediaStreamTrack,
        packetize: Callable[[av.Packet], PacketizedFrame],
        keyframes: KeyframeRequester | None = None,
        on_end: Callable[[], None] | None = None,
        slices: SendSlices = SEND_SLICES,
    ) -> None:
        self.track = track
        self._packetize = packetize
        self.keyframes = keyframes
        self._on_end = on_end
        self.slices = slices
        self._subscribers: set[SubscriberQueue] = set()
        self._reader = asyncio.ensure_future(self._read())

    @property
    def kind(self) -> str:
        return self.track.kind

    def subscribe(self) -> "RelayedTrack":
        return RelayedTrack(self)

    def attach(self, queue: SubscriberQueue) -> None:
        if self._reader.done():
            queue.close()
            return
        self._subscribers.add(queue)
        self.request_keyframe()

    def detach(self, queue: SubscriberQueue) -> None:
        self._subscribers.discard(queue)
        queue.close()

    def request_keyframe(self) -> None:
        if self.keyframes is not None:
            self.keyframes.request()

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    async def _read(self) -> None:
        try:
            while True:
                packet = await self.track.recv()
                assert isinstance(packet, av.Packet), "the source must forward encoded frames"
                if not self._subscribers:
                    continue
                frame = self._packetize(packet)
                for queue in self._subscribers:
                    queue.offer(frame)
        except MediaStreamError:
            if self._on_end is not None:
                self._on_end()
        finally:
            for queue in self._subscribers:
                queue.close()
            self._subscribers.clear()

    async def close(self) -> None:
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)
        if self.keyframes is not None:
            await self.keyframes.close()


class RelayedTrack(MediaStreamTrack):
    """A subscriber's view of a source; it joins the fan-out on its first ``recv``.

    Joining only when the sender starts pulling means the join keyframe request goes out
    once the viewer is connected, and nothing queues up while ICE and DTLS run. A frame is
    returned in the sender's turn (``SendSlices``): the sender sends it as soon as it has it.
    """

    def __init__(self, source: TrackSource) -> None:
        super().__init__()
        self.kind = source.kind
        self._source = source
        capacity = VIDEO_QUEUE_PACKETS if self.kind == "video" else AUDIO_QUEUE_PACKETS
        self._queue = SubscriberQueue(capacity, on_gap=source.request_keyframe)
        self._attached = False

    async def recv(self) -> PacketizedFrame:  # type: ignore[override]
        if self.readyState != "live":
            raise MediaStreamError
        if not self._attached:
            self._attached = True
            self._source.attach(self._queue)
        frame = await self._queue.get()
        if frame is None:
            self.stop()
            raise MediaStreamError
        await self._source.slices.turn()
        return frame

    def stop(self) -> None:
        super().stop()
        self._source.detach(self._queue)
