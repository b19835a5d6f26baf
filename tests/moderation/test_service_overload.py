import asyncio

import pytest

from moderation.service import ModerationService, ModerationUnavailable, ServiceSettings


async def test_full_queue_rejects_with_moderation_unavailable(classifier):
    service = ModerationService(classifier.predict, settings=ServiceSettings(queue_size=4))
    await service.start()
    try:
        results = await asyncio.gather(
            *(service.check(f"flood message {i}") for i in range(40)), return_exceptions=True
        )
    finally:
        await service.stop()
    rejected = [r for r in results if isinstance(r, ModerationUnavailable)]
    assert len(rejected) == 36
    assert service.stats.rejected_overload == 36
    assert all("overloaded" in str(r) for r in rejected)


async def test_classifier_failure_fails_the_batch_and_the_service_recovers(classifier):
    def predict(texts: list[str]) -> list[dict[str, float]]:
        return classifier.predict([t.encode() for t in texts] if "poison" in texts else texts)

    service = ModerationService(predict)
    await service.start()
    try:
        with pytest.raises(ModerationUnavailable, match="classifier failed"):
            await service.check("poison")
        assert service.stats.failed_batches == 1
        verdict = await service.check("a normal message afterwards")
        assert verdict.action == "allow"
    finally:
        await service.stop()


async def test_check_before_start_or_after_stop_is_refused(classifier):
    service = ModerationService(classifier.predict)
    with pytest.raises(ModerationUnavailable, match="not running"):
        await service.check("too early")
    await service.start()
    await service.stop()
    with pytest.raises(ModerationUnavailable, match="not running"):
        await service.check("too late")


async def test_no_verdict_within_the_deadline_is_refused(classifier):
    service = ModerationService(classifier.predict, settings=ServiceSettings(timeout_seconds=1e-6))
    await service.start()
    try:
        with pytest.raises(ModerationUnavailable, match="timed out"):
            await service.check("this cannot be classified in a microsecond")
    finally:
        await service.stop()


async def test_stop_fails_messages_still_waiting(classifier):
    service = ModerationService(classifier.predict)
    await service.start()
    pending = [asyncio.ensure_future(service.check(f"waiting {i}")) for i in range(5)]
    await service.stop()
    results = await asyncio.gather(*pending, return_exceptions=True)
    assert all(isinstance(r, ModerationUnavailable) for r in results)
