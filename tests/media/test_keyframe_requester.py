import asyncio

from media.relay import KeyframeRequester


async def test_requests_inside_the_interval_collapse_into_one_deferred_request():
    sent: list[float] = []
    second = asyncio.Event()
    loop = asyncio.get_running_loop()

    async def send() -> None:
        sent.append(loop.time())
        if len(sent) == 2:
            second.set()

    requester = KeyframeRequester(send, interval=0.2)
    for _ in range(5):
        requester.request()
    async with asyncio.timeout(2):
        await second.wait()
    assert len(sent) == 2
    assert sent[1] - sent[0] >= 0.19
    await requester.close()


async def test_close_cancels_a_deferred_request():
    sent: list[int] = []

    async def send() -> None:
        sent.append(1)

    requester = KeyframeRequester(send, interval=60)
    requester.request()
    requester.request()
    await requester.close()
    assert sent == [1]
