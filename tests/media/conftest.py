from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar

from media import IceSettings, Room, RoomRegistry, create_media_router
from tests.media.peers import new_peer
from tests.media.policy import HeaderAccess, test_user_middleware

LOOPBACK_ONLY = IceSettings(host_addresses=["127.0.0.1"])

Event = tuple[str, str, dict[str, Any]]


@pytest.fixture
def events() -> list[Event]:
    return []


@pytest.fixture
async def registry(events: list[Event]) -> AsyncIterator[RoomRegistry]:
    def record(room: Room, kind: str, data: dict[str, Any]) -> None:
        events.append((room.name, kind, data))

    registry = RoomRegistry(LOOPBACK_ONLY, on_event=record)
    yield registry
    await registry.close()


@pytest.fixture
async def client(registry: RoomRegistry) -> AsyncIterator[httpx.AsyncClient]:
    app = Litestar(
        route_handlers=[create_media_router(HeaderAccess(), registry)],
        middleware=[test_user_middleware],
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://media.test") as client:
        yield client


@pytest.fixture
async def peers() -> AsyncIterator[Any]:
    """Makes client peer connections and closes them all at the end of the test."""
    made = []

    def make() -> Any:
        pc = new_peer()
        made.append(pc)
        return pc

    yield make
    for pc in made:
        await pc.close()
