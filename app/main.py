"""The Litestar application: routers, auth, errors, fan-out and the database pool."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from litestar import Litestar, Router, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.response import File
from litestar.static_files import create_static_files_router

from app.accounts.routes import router as accounts_router
from app.admin.routes import router as admin_router
from app.auth.guards import public, signed_in
from app.auth.middleware import auth_middleware
from app.auth.routes import create_router as create_auth_router
from app.availability.routes import router as availability_router
from app.bookings.races import HoldRaces
from app.bookings.routes import router as bookings_router
from app.bookings.sweeper import sweeper_lifespan
from app.calls.access import RoomPolicy
from app.calls.media import create_media, media_lifespan
from app.calls.rooms import RoomCache
from app.catalog.routes import router as catalog_router
from app.catalog.service import ModelAccounts
from app.embedded import embedded_database_url
from app.errors import EXCEPTION_HANDLERS
from app.matching.routes import router as matching_router
from app.membership.jobs import membership_lifespan
from app.membership.routes import router as membership_router
from app.notifications.reminders import reminders_lifespan
from app.notifications.routes import router as notifications_router
from app.notifications.service import UnreadInbox
from app.ops.csp import page_policy
from app.ops.http_metrics import http_metrics_middleware
from app.ops.middleware import add_response_headers, request_context_middleware
from app.ops.routes import router as ops_router
from app.payments.expiry import expiry_lifespan
from app.payments.routes import router as payments_router
from app.reports.routes import router as reports_router
from app.reports.service import report_limiter
from app.requests import ApiRequest
from app.selfservice.routes import router as selfservice_router
from app.support.routes import router as support_router
from app.ui.routes import router as ui_router
from app.violations.routes import router as violations_router
from app.violations.runtime import ChatModeration, create_mute_tracker
from core.config import Settings, load_settings
from core.db import Connection, Database, create_pool, provide_connection
from core.events import EventBus
from core.kv import key_value
from core.redis_client import create_redis
from core.versioned import Versioned, VersionedDatabase
from realtime.routes import create_router as create_realtime_router
from realtime.runtime import Realtime

STATIC_DIR = Path(__file__).resolve().parent / "static"
log = logging.getLogger(__name__)


@get("/", guards=[public], include_in_schema=False)
async def index(state: State) -> File:
    return File(STATIC_DIR / "index.html", filename="index.html", media_type="text/html",
                content_disposition_type="inline",
                headers={"Content-Security-Policy": state.page_policy})


async def provide_events(state: State, conn: Connection) -> EventBus:
    """Named after `conn` (every route that publishes also writes): Litestar then resolves the two one
    after the other, instead of spawning an anyio task group with a task for each on every request."""
    return state.events


@asynccontextmanager
async def frozen_startup_heap(app: Litestar) -> AsyncIterator[None]:
    """What start-up built (modules, the app, the classifier) lives as long as the process, yet
    every full garbage collection walked all of it: ~75 ms here with the event loop stopped. Frozen
    (`gc.freeze`), collections walk only what came after. Last in the lifespan list, so it runs
    once the others (the classifier's among them) have started."""
    gc.collect()
    gc.freeze()
    yield


async def resolve_database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    return await asyncio.to_thread(embedded_database_url, settings.var_dir)


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> Litestar:
    """`db` lets tests hand in a database they control; otherwise a pool is opened at start-up."""
    settings = settings or load_settings()
    redis = create_redis(settings.redis_url, cluster=settings.redis_cluster)
    versions = Versioned(key_value(redis, max_keys=50_000), namespace=settings.realtime_prefix)
    rooms = RoomPolicy(grace=timedelta(minutes=settings.call_grace_minutes), rooms=RoomCache(versions))
    media_router, media_registry, media_events, media_owners = create_media(settings, redis, access=rooms)
    mutes = create_mute_tracker(settings, redis)  # type: ignore[arg-type]  # a cluster client serves it too
    moderation = ChatModeration(mutes)
    realtime = Realtime(settings, redis, rooms=rooms, models=ModelAccounts(), inbox=UnreadInbox(versions),
                        violations=moderation, moderator=moderation)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        owned = None
        if db is None:
            owned = await create_pool(await resolve_database_url(settings))
        app.state.db = VersionedDatabase(db or owned, versions)  # type: ignore[arg-type]  # one is set
        app.state.hold_races = HoldRaces(app.state.db)
        try:
            yield
        finally:
            if owned is not None:
                await owned.close()
            if redis is not None:
                await redis.aclose()

    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    uploads = create_static_files_router(
        path="/uploads", directories=[settings.uploads_dir], guards=[public], name="uploads",
        cache_control=CacheControlHeader(max_age=31_536_000, public=True),
    )
    static = create_static_files_router(
        path="/static", directories=[STATIC_DIR], guards=[public], name="static")
    return Litestar(
        route_handlers=[index, ops_router, create_auth_router(settings, redis), catalog_router, admin_router,
                        accounts_router, membership_router,
                        selfservice_router, bookings_router, availability_router, payments_router,
                        matching_router, media_router, create_realtime_router(guards=[signed_in]),
                        notifications_router,
                        support_router, ui_router, violations_router, reports_router, uploads, static],
        dependencies={"conn": Provide(provide_connection), "events": Provide(provide_events)},
        middleware=[DefineMiddleware(request_context_middleware), DefineMiddleware(http_metrics_middleware),
                    DefineMiddleware(auth_middleware)],
        exception_handlers=EXCEPTION_HANDLERS,
        request_class=ApiRequest,
        before_send=[add_response_headers],
        lifespan=[lifespan, realtime.lifespan, reminders_lifespan, sweeper_lifespan, expiry_lifespan,
                  membership_lifespan, media_lifespan, moderation.lifespan, frozen_startup_heap],
        state=State({"settings": settings, "redis": redis, "cache": key_value(redis, max_keys=1_000),
                     "mutes": mutes,
                     "events": realtime.events, "realtime": realtime, "media": media_registry,
                     "media_events": media_events, "media_owners": media_owners,
                     "page_policy": page_policy(settings),
                     "report_limiter": report_limiter(redis, prefix=settings.realtime_prefix)}),
        request_max_body_size=settings.max_body_bytes,
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins)) if settings.cors_origins else None,
        openapi_config=OpenAPIConfig(
            title="PNP Live", version="0.1.0", path="/schema",
            openapi_router=Router(path="/schema", guards=[public], route_handlers=[]),
        ),
        logging_config=None,
        debug=False,
    )
