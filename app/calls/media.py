"""Mounting the media relay in the app: access rules, event hook, call closer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from litestar import Litestar, Router

from app.auth.guards import public
from app.background import every
from app.calls.access import BookingMediaAccess
from app.calls.closer import close_ended_calls
from app.calls.events import RoomEvents
from app.config import Settings
from media import IceSettings, RoomRegistry, create_media_router
from media.ice import apply_host_addresses


def ice_settings(settings: Settings) -> IceSettings:
    from_env = IceSettings.from_env()
    if settings.ice_host_addresses:
        return IceSettings(host_addresses=list(settings.ice_host_addresses), servers=from_env.servers)
    return from_env


def create_media(settings: Settings) -> tuple[Router, RoomRegistry, RoomEvents]:
    """The WHIP/WHEP routes are public: the access rules answer 401/403/404 per room."""
    ice = ice_settings(settings)
    apply_host_addresses(ice)
    hook = RoomEvents()
    registry = RoomRegistry(ice, on_event=hook)
    access = BookingMediaAccess(grace=timedelta(minutes=settings.call_grace_minutes))
    router = Router(path="/", guards=[public], route_handlers=[create_media_router(access, registry)])
    return router, registry, hook


@asynccontextmanager
async def media_lifespan(app: Litestar) -> AsyncIterator[None]:
    state = app.state
    state.media_events.bind(state.db, state.events)
    interval = state.settings.call_close_interval_s
    try:
        async with every(interval, lambda: close_ended_calls(state.db, state.media, state.events),
                         name="call closer"):
            yield
    finally:
        await state.media.close()
