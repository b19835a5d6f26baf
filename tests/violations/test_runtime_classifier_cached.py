"""One classifier per process; the lifespan puts a running service and a tracker on the state."""

from __future__ import annotations

from app.violations.runtime import cached_classifier, load_cached_classifier
from moderation.mute import RedisMuteTracker


async def test_classifier_loaded_once_and_service_running(app, client) -> None:
    await client.get("/healthz")  # start-up (and so the lifespan) has finished
    assert await load_cached_classifier() is cached_classifier()
    service = app.state.moderation
    assert service.running and service.version == cached_classifier().version
    assert (await service.check("I love hiking and painting")).action == "allow"
    assert isinstance(app.state.mutes, RedisMuteTracker) == (app.state.redis is not None)
