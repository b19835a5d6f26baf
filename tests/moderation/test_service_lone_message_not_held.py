"""A free batcher scores a lone message at once: it never waits on the clock for company."""

import asyncio
import threading

from moderation.categories import CATEGORIES
from moderation.service import ModerationService


async def test_a_lone_message_is_scored_without_any_timer_firing(monkeypatch):
    scoring = threading.Event()

    def predict(texts: list[str]) -> list[dict[str, float]]:
        scoring.set()
        return [dict.fromkeys(CATEGORIES, 0.0) for _ in texts]

    service = ModerationService(predict)
    await service.start()
    loop = asyncio.get_running_loop()
    now = loop.time()
    monkeypatch.setattr(loop, "time", lambda: now)  # no timer can fire while the clock stands
    try:
        check = asyncio.ensure_future(service.check("anyone here?"))
        scored = await asyncio.to_thread(scoring.wait, 5)
        monkeypatch.undo()
        verdict = await check
    finally:
        monkeypatch.undo()
        await service.stop()
    assert scored
    assert verdict.action == "allow"
