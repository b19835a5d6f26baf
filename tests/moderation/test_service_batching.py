import asyncio
from collections.abc import AsyncIterator

import pytest

from moderation.service import ModerationService, ServiceSettings


@pytest.fixture
async def service(classifier) -> AsyncIterator[ModerationService]:
    service = ModerationService(classifier.predict, settings=ServiceSettings(max_batch=32))
    await service.start()
    yield service
    await service.stop()


async def test_concurrent_checks_are_classified_in_batches(service):
    texts = [f"message number {i} in the chat" for i in range(64)]
    verdicts = await asyncio.gather(*(service.check(t) for t in texts))
    assert len(verdicts) == 64
    assert service.stats.messages_classified == 64
    assert service.stats.batches == 2
    assert service.stats.largest_batch == 32


async def test_verdicts_match_direct_classification(service, classifier):
    texts = ["I'm going to find you and stab you tonight", "lovely stream, thanks"]
    verdicts = await asyncio.gather(*(service.check(t) for t in texts))
    direct = classifier.predict(texts)
    for verdict, scores in zip(verdicts, direct, strict=True):
        assert verdict.scores == pytest.approx(scores, abs=1e-5)
    assert verdicts[0].action == "block"
    assert verdicts[1].action == "allow"


async def test_repeated_text_is_served_from_cache(service):
    first = await service.check("hello from the cache test")
    batches = service.stats.batches
    again = await service.check("hello from the cache test")
    assert again == first
    assert service.stats.batches == batches
    assert service.stats.cache_hits == 1


async def test_duplicates_in_one_batch_are_classified_once(service):
    await asyncio.gather(*(service.check("same words again") for _ in range(10)))
    assert service.stats.messages_classified == 1
