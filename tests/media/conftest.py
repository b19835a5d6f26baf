import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aioice.ice
import httpx
import pytest
from litestar import Litestar

from media import IceSettings, Room, RoomRegistry, create_media_router
from media.ice import apply_host_addresses
from tests.media.peers import new_peer
from tests.media.policy import HeaderAccess, header_user_middleware

LOOPBACK_ONLY = IceSettings(host_addresses=["127.0.0.1"])


class EventLog(list[tuple[str, str, dict[str, Any]]]):
    """What the registry's event hook reported, as (room name, kind, data)."""

    def __init__(self) -> None:
        super().__init__()
        self._changed = asyncio.Event()

    def record(self, room: Room, kind: str, data: dict[str, Any]) -> None:
        self.append((room.name, kind, data))
        self._changed.set()

    async def wait_for(self, kind: str) -> None:
        async with asyncio.timeout(10):
            while kind not in [k for _, k, _ in self]:
                self._changed.clear()
                await self._changed.wait()


@pytest.fixture(scope="session", autouse=True)
def loopback_only() -> Iterator[None]:
    """Every peer in these tests, the test's own included, gathers on 127.0.0.1 only."""
    stock = aioice.ice.get_host_addresses
    apply_host_addresses(LOOPBACK_ONLY)
    yield
    aioice.ice.get_host_addresses = stock


@pytest.fixture
def events() -> EventLog:
    return EventLog()


@pytest.fixture
async def registry(events: EventLog) -> AsyncIterator[RoomRegistry]:
    registry = RoomRegistry(LOOPBACK_ONLY, on_event=events.record)
    yield registry
    await registry.close()


@pytest.fixture
async def client(registry: RoomRegistry) -> AsyncIterator[httpx.AsyncClient]:
    app = Litestar(
        route_handlers=[create_media_router(HeaderAccess(), registry)],
        middleware=[header_user_middleware],
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
