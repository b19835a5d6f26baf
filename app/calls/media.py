"""Mounting the media relay in the app: access rules, event hook, call closer, room owners."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router

from app.auth.guards import public
from app.calls.closer import close_ended_calls
from app.calls.events import RoomEvents
from core.config import Settings
from core.jobs import every
from core.redis_client import RedisClient
from media import IceSettings, MediaAccess, RoomRegistry, create_media_router
from media.grants import Grants
from media.ice import apply_host_addresses
from media.owners import RoomOwners


def ice_settings(settings: Settings) -> IceSettings:
    from_env = IceSettings.from_env()
    if settings.ice_host_addresses:
        return IceSettings(host_addresses=list(settings.ice_host_addresses), servers=from_env.servers)
    return from_env


def create_media(settings: Settings, redis: RedisClient | None, *,
                 access: MediaAccess) -> tuple[Router, RoomRegistry, RoomEvents, RoomOwners]:
    """The WHIP/WHEP routes are public: the access rules answer 401/403/404 per room. With Redis,
    each room is owned by one instance and the others redirect to it (decision 0050)."""
    ice = ice_settings(settings)
    apply_host_addresses(ice)
    hook = RoomEvents()
    owners = RoomOwners(redis, prefix=settings.realtime_prefix, url=settings.instance_url,
                        ttl=settings.media_owner_ttl)
    registry = RoomRegistry(ice, on_event=hook, on_room_ended=owners.release)
    grants = Grants(hmac.new(settings.jwt_secret.encode(), b"media redirect grant", hashlib.sha256).digest())
    router = Router(path="/", guards=[public],
                    route_handlers=[create_media_router(access, registry, owners, grants)])
    return router, registry, hook, owners


@asynccontextmanager
async def media_lifespan(app: Litestar) -> AsyncIterator[None]:
    state = app.state
    state.media_events.bind(state.db, state.events)
    interval = state.settings.call_close_interval_s
    registry: RoomRegistry = state.media
    owners: RoomOwners = state.media_owners
    try:
        async with every(interval, lambda: close_ended_calls(state.db, registry, state.events),
                         name="call closer"), \
                every(state.settings.media_owner_ttl / 3, lambda: owners.refresh(list(registry.rooms())),
                      name="media room owner refresh"):
            yield
    finally:
        await state.media.close()
