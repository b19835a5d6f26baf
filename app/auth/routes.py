from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.datastructures import State
from litestar.status_codes import HTTP_200_OK

from app.auth import service
from app.auth.guards import public, signed_in
from app.auth.limits import sign_in_limit
from app.auth.schemas import (
    AuthResponse,
    DevLoginRequest,
    OnboardingRequest,
    RefreshRequest,
    TelegramLoginRequest,
    UserOut,
)
from app.auth.tokens import CurrentUser
from app.errors import Problem
from core.config import Settings
from core.db import Connection
from core.redis_client import RedisClient


@post("/api/auth/dev-login", guards=[public], status_code=HTTP_200_OK, tags=["auth"])
async def dev_login(data: DevLoginRequest, conn: Connection, state: State) -> AuthResponse:
    if not state.settings.dev_login:
        raise Problem(404, "dev login is disabled (PNP_DEV_LOGIN=1 enables it)")
    return await service.dev_login(conn, request=data, settings=state.settings)


@post("/api/auth/telegram", guards=[public], status_code=HTTP_200_OK, tags=["auth"])
async def telegram_login(data: TelegramLoginRequest, conn: Connection, state: State) -> AuthResponse:
    return await service.telegram_login(conn, request=data, settings=state.settings)


@post("/api/auth/refresh", guards=[public], status_code=HTTP_200_OK, tags=["auth"])
async def refresh(data: RefreshRequest, conn: Connection, state: State) -> AuthResponse:
    return await service.refresh(conn, refresh_token=data.refresh_token, settings=state.settings)


@get("/api/me", guards=[signed_in], tags=["auth"])
async def me(request: Request[CurrentUser, None, State], conn: Connection) -> UserOut:
    return await service.load_user(conn, request.user.id)


@post("/api/me/onboarding", guards=[signed_in], status_code=HTTP_200_OK, tags=["auth"])
async def onboarding(data: OnboardingRequest, request: Request[CurrentUser, None, State],
                     conn: Connection, state: State) -> AuthResponse:
    return await service.complete_onboarding(
        conn, user_id=request.user.id, language=data.language, terms_accepted=data.terms_accepted,
        adult_confirmed=data.adult_confirmed, settings=state.settings,
    )


def create_router(settings: Settings, redis: RedisClient | None) -> Router:
    """Sign-in endpoints are rate limited per client address (brute force, token farming)."""
    sign_in = Router(path="/", route_handlers=[dev_login, telegram_login, refresh],
                     guards=[sign_in_limit(redis, per_minute=settings.auth_rate_per_minute)])
    return Router(path="/", route_handlers=[sign_in, me, onboarding])
