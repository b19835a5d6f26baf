"""The service scores two batches at once (two batchers, inference off the event loop)."""

import asyncio
import threading

from moderation.categories import CATEGORIES
from moderation.service import ModerationService, ServiceSettings


async def test_a_second_batch_does_not_wait_for_the_first():
    both_inside = threading.Barrier(2, timeout=5)

    def predict(texts: list[str]) -> list[dict[str, float]]:
        both_inside.wait()  # breaks (and fails the batch) unless another batch is being scored too
        return [dict.fromkeys(CATEGORIES, 0.0) for _ in texts]

    service = ModerationService(predict, settings=ServiceSettings(max_batch=1))
    await service.start()
    try:
        verdicts = await asyncio.gather(service.check("first"), service.check("second"))
    finally:
        await service.stop()
    assert [v.action for v in verdicts] == ["allow", "allow"]
    assert service.stats.batches == 2
