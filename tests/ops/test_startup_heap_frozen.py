"""Once the app has started, what start-up built is frozen out of garbage collection."""

import gc

from litestar import Litestar

from app.config import Settings
from app.main import create_app, frozen_startup_heap


async def test_the_startup_heap_is_frozen() -> None:
    assert gc.get_freeze_count() == 0
    try:
        async with frozen_startup_heap(Litestar()):
            assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def test_only_outside_tests() -> None:
    def frozen(environment: str) -> bool:
        app = create_app(Settings(environment=environment, jwt_secret="x" * 48))  # type: ignore[arg-type]
        return frozen_startup_heap in app._lifespan_managers

    assert frozen("production") and frozen("development") and not frozen("test")
