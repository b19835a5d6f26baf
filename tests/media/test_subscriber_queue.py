from media.aiortc_patch import PacketizedFrame
from media.relay import SubscriberQueue


def packet(keyframe: bool, pts: int) -> PacketizedFrame:
    return PacketizedFrame([b"\x00" if keyframe else b"\x01"], pts, keyframe)


async def queued(queue: SubscriberQueue) -> list[int]:
    return [(await queue.get()).timestamp for _ in range(len(queue))]


async def test_a_new_subscriber_starts_on_a_keyframe():
    gaps: list[int] = []
    queue = SubscriberQueue(4, on_gap=lambda: gaps.append(1))
    queue.offer(packet(False, 1))
    queue.offer(packet(True, 2))
    queue.offer(packet(False, 3))
    assert await queue.get() is not None
    assert await queued(queue) == [3]
    assert queue.dropped == 1


async def test_overflow_drops_to_the_next_keyframe_and_asks_for_one():
    gaps: list[int] = []
    queue = SubscriberQueue(3, on_gap=lambda: gaps.append(1))
    for pts, keyframe in enumerate([True, False, False]):
        queue.offer(packet(keyframe, pts))
    queue.offer(packet(False, 3))
    assert gaps == [1]
    queue.offer(packet(False, 4))
    queue.offer(packet(True, 5))
    queue.offer(packet(False, 6))
    assert await queued(queue) == [5, 6]
    assert queue.dropped == 5


async def test_a_keyframe_that_overflows_starts_afresh_without_a_request():
    gaps: list[int] = []
    queue = SubscriberQueue(2, on_gap=lambda: gaps.append(1))
    for pts, keyframe in enumerate([True, False, True]):
        queue.offer(packet(keyframe, pts))
    assert gaps == []
    assert await queued(queue) == [2]


async def test_close_always_delivers_the_sentinel():
    queue = SubscriberQueue(1, on_gap=lambda: None)
    queue.offer(packet(True, 0))
    queue.close()
    queue.offer(packet(True, 1))
    assert await queue.get() is None
