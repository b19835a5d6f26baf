"""Once the app has started, what start-up built is frozen out of garbage collection, after the
lifespans that load things (the classifier, the gateway) have run."""

import gc

from app.main import create_app, frozen_startup_heap
from app.violations.runtime import ChatModeration
from core.config import Settings


async def test_what_startup_built_is_frozen() -> None:
    app = create_app(Settings(environment="test", jwt_secret="x" * 48))
    built = [[] for _ in range(1000)]
    before = gc.get_freeze_count()
    async with frozen_startup_heap(app):
        assert gc.get_freeze_count() >= before + len(built)
    managers = app._lifespan_managers  # type: ignore[attr-defined]
    classifier = next(i for i, m in enumerate(managers)
                      if isinstance(getattr(m, "__self__", None), ChatModeration))
    assert managers.index(frozen_startup_heap) > classifier
