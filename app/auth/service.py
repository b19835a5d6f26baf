from __future__ import annotations

import msgspec

from app.accounts.service import change_role
from app.auth import queries, telegram
from app.auth.schemas import AuthResponse, DevLoginRequest, TelegramLoginRequest, UserOut
from app.auth.tokens import CurrentUser, decode_token, issue_tokens
from app.errors import Problem, not_found
from core.config import Settings
from core.db import Connection


async def load_user(conn: Connection, user_id: int) -> UserOut:
    row = await queries.get_user(conn, user_id)
    if row is None:
        raise not_found("user")
    return msgspec.convert(dict(row), UserOut)


async def _signed_in(conn: Connection, user_id: int, settings: Settings) -> AuthResponse:
    user = await load_user(conn, user_id)
    if await queries.is_banned(conn, user_id):
        raise Problem(403, f"this account is banned until {user.banned_until:%Y-%m-%d %H:%M} UTC")
    pair = issue_tokens(
        CurrentUser(id=user.id, role=user.role, onboarded=user.onboarding_complete),
        secret=settings.jwt_secret, access_ttl=settings.access_token_ttl,
        refresh_ttl=settings.refresh_token_ttl,
    )
    return AuthResponse(access_token=pair.access_token, refresh_token=pair.refresh_token,
                        token_type=pair.token_type, expires_in=pair.expires_in, user=user)


async def dev_login(conn: Connection, *, request: DevLoginRequest, settings: Settings) -> AuthResponse:
    user_id = await queries.upsert_dev_user(
        conn, telegram_id=request.telegram_id, role=request.role, username=request.username,
        first_name=request.first_name)
    if request.role == "MODEL":
        await queries.ensure_model_profile(
            conn, user_id=user_id, display_name=request.username or f"Model {request.telegram_id}")
    return await _signed_in(conn, user_id, settings)


def _verify(request: TelegramLoginRequest, settings: Settings) -> telegram.TelegramIdentity:
    """With the bot token: HMAC as Telegram documents it. With only the bot id (a third party
    that holds no token): the Ed25519 signature against Telegram's public key."""
    token, bot_id = settings.telegram_bot_token, settings.telegram_bot_id
    if token is None and bot_id is None:
        raise Problem(503, "Telegram sign-in is not configured (TELEGRAM_BOT_TOKEN)")
    if (request.init_data is None) == (request.widget is None):
        raise Problem(422, "send exactly one of init_data or widget",
                      errors=[{"field": "init_data", "message": "exactly one of init_data or widget"}])
    max_age = settings.telegram_init_data_max_age
    try:
        if request.init_data is not None and token is not None:
            return telegram.verify_init_data(request.init_data, bot_token=token, max_age=max_age)
        if request.init_data is not None and bot_id is not None:
            return telegram.verify_init_data_signature(
                request.init_data, bot_id=bot_id, max_age=max_age,
                public_key_hex=settings.telegram_public_key_hex)
        if token is None:
            raise Problem(503, "Login Widget sign-in needs TELEGRAM_BOT_TOKEN")
        assert request.widget is not None
        return telegram.verify_login_widget(request.widget, bot_token=token, max_age=max_age)
    except telegram.TelegramAuthError as exc:
        raise Problem(401, f"Telegram data rejected: {exc}") from exc


async def telegram_login(conn: Connection, *, request: TelegramLoginRequest,
                         settings: Settings) -> AuthResponse:
    identity = _verify(request, settings)
    language = "es" if (identity.language_code or "").startswith("es") else "en"
    user_id = await queries.upsert_telegram_user(
        conn, telegram_id=identity.id, first_name=identity.first_name[:128],
        last_name=identity.last_name[:128], username=identity.username,
        photo_url=identity.photo_url, language=language,
    )
    if identity.id in settings.admin_telegram_ids and not await queries.is_banned(conn, user_id):
        await change_role(conn, user_id=user_id, role="ADMIN", by=None,
                          reason="listed in PNP_ADMIN_TELEGRAM_IDS")
    return await _signed_in(conn, user_id, settings)


async def refresh(conn: Connection, *, refresh_token: str, settings: Settings) -> AuthResponse:
    """Reloads the user, so a role change or a ban takes effect at the next refresh."""
    bearer = decode_token(refresh_token, secret=settings.jwt_secret, kind="refresh")
    return await _signed_in(conn, bearer.id, settings)


async def complete_onboarding(conn: Connection, *, user_id: int, language: str,
                              terms_accepted: bool, adult_confirmed: bool,
                              settings: Settings) -> AuthResponse:
    if not terms_accepted:
        raise Problem(422, "terms_accepted: the terms must be accepted",
                      errors=[{"field": "terms_accepted", "message": "must be true"}])
    if not adult_confirmed:
        raise Problem(422, "adult_confirmed: PNP Live is for adults (18+) only",
                      errors=[{"field": "adult_confirmed", "message": "must be true"}])
    await queries.complete_onboarding(conn, user_id=user_id, language=language)
    return await _signed_in(conn, user_id, settings)
