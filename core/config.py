"""One settings object, read from the environment once at start-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import msgspec

Environment = Literal["development", "production", "test"]
LogFormat = Literal["auto", "json", "text"]


TELEGRAM_PUBLIC_KEY_HEX = "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d"
"""The key Telegram signs Mini App init data with (third-party validation, production bot API)."""


class SettingsError(RuntimeError):
    """The environment cannot produce a working configuration; the message names the variable."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    environment: Environment = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    access_log: bool = True
    # auto: human lines when stderr is a terminal, JSON otherwise (app/ops/logs.py).
    log_format: LogFormat = "auto"
    database_url: str | None = None
    redis_url: str | None = None
    redis_cluster: bool = False
    jwt_secret: str
    access_token_ttl: int = 15 * 60
    refresh_token_ttl: int = 30 * 24 * 3600
    telegram_bot_token: str | None = None
    telegram_init_data_max_age: int = 24 * 3600
    telegram_bot_id: int | None = None
    telegram_public_key_hex: str = TELEGRAM_PUBLIC_KEY_HEX
    telegram_bot_username: str | None = None
    dev_login: bool = False
    # Telegram ids made ADMIN when they sign in with Telegram (the first admins of an install).
    admin_telegram_ids: frozenset[int] = frozenset()
    var_dir: Path = Path("var")
    max_body_bytes: int = 1_000_000
    photo_max_bytes: int = 8_000_000
    ice_host_addresses: tuple[str, ...] = ()
    public_url: str = "http://127.0.0.1:8000"
    # This instance's own base URL, where other instances redirect WHIP/WHEP for rooms it owns.
    instance_url: str = "http://127.0.0.1:8000"
    media_owner_ttl: float = 15.0
    auth_rate_per_minute: int = 30
    call_grace_minutes: int = 10
    call_close_interval_s: float = 15.0
    cors_origins: tuple[str, ...] = ()
    # Further origins the browser app may connect to (other instances' PNP_INSTANCE_URL).
    csp_connect_src: tuple[str, ...] = ()
    # Booking engine (app/bookings): hold lifetime, per-user limits, sweeper, cancel policy.
    booking_hold_ttl_s: int = 600
    booking_max_live_holds: int = 3
    booking_attempts_per_minute: int = 20
    booking_sweep_interval_s: float = 15.0
    booking_cancel_cutoff_hours: int = 24
    booking_late_refund_share: float = 0.5
    # Payments (app/payments): providers, webhooks, commission, earnings hold. Empty secrets are
    # derived from jwt_secret outside production (sandbox and crypto demo work with nothing set).
    payment_commission_rate: float = 0.30
    payment_earnings_hold_days: int = 7
    payment_webhook_tolerance_s: int = 300
    payment_expiry_interval_s: float = 30.0
    # Membership (app/membership): expiry and renewal reminders, that many days before the end.
    membership_interval_s: float = 60.0
    membership_reminder_days: int = 3
    payment_sandbox_secret: str = ""
    stripe_secret_key: str | None = None
    stripe_publishable_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None
    crypto_api_key: str | None = None
    crypto_ipn_secret: str = ""
    crypto_api_base: str = "https://api.nowpayments.io"
    crypto_pay_currency: str = "usdttrc20"
    # Realtime gateway (realtime/settings docs in docs/protocol.md).
    realtime_prefix: str = "pnp:rt"
    ws_buffer_bytes: int = 1_000_000
    chat_max_length: int = 500
    chat_burst: int = 5
    chat_per_second: float = 1.0
    presence_ttl: float = 15.0
    presence_reconcile_every: float = 2.0
    viewers_every: float = 1.0
    resume_max_messages: int = 1000
    resume_max_age: float = 120.0
    reminder_leads_min: tuple[int, ...] = (60, 10)
    reminder_every: float = 30.0
    telegram_api_base: str = "https://api.telegram.org"
    # Moderation (app/violations): repeated blocks within a window mute the author for a while.
    moderation_mute_blocks: int = 3
    moderation_mute_window_s: int = 600
    moderation_mute_minutes: int = 15
    moderation_redis_prefix: str = "pnp:moderation:mute:"
    # PNP_MODEL_APPROVAL=1: a model is listed only after an admin approved it (decision 0085).
    model_approval: bool = False

    @property
    def uploads_dir(self) -> Path:
        return self.var_dir / "uploads"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from exc


def _bot_id(env: Mapping[str, str], bot_token: str | None) -> int | None:
    """TELEGRAM_BOT_ID, else the number before the colon of the bot token."""
    if env.get("TELEGRAM_BOT_ID"):
        return _int(env, "TELEGRAM_BOT_ID", 0)
    prefix = (bot_token or "").partition(":")[0]
    return int(prefix) if prefix.isdigit() else None


def _telegram_ids(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = [part.strip() for part in env.get(name, "").split(",") if part.strip()]
    if not all(part.isascii() and part.isdigit() and int(part) > 0 for part in raw):
        raise SettingsError(f"{name} must be comma-separated Telegram ids like 12345,67890, got "
                            f"{env[name]!r}")
    return frozenset(int(part) for part in raw)


def _dev_jwt_secret(var_dir: Path) -> str:
    """Outside production a secret is kept under var/, so tokens survive a restart."""
    path = var_dir / "jwt_secret"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.write_text(secret)
    path.chmod(0o600)
    return secret


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    environment = env.get("PNP_ENV", "development")
    if environment not in ("development", "production", "test"):
        raise SettingsError(f"PNP_ENV must be development, production or test, got {environment!r}")
    production = environment == "production"
    var_dir = Path(env.get("PNP_VAR_DIR", "var"))
    jwt_secret = env.get("PNP_JWT_SECRET") or None
    bot_token = env.get("TELEGRAM_BOT_TOKEN") or None
    if production:
        signing = bot_token or env.get("TELEGRAM_BOT_ID")
        for name, value in (("PNP_JWT_SECRET", jwt_secret), ("TELEGRAM_BOT_TOKEN", signing),
                            ("DATABASE_URL", env.get("DATABASE_URL"))):
            if not value:
                raise SettingsError(f"{name} is required when PNP_ENV=production")
        if jwt_secret is not None and len(jwt_secret) < 32:
            raise SettingsError("PNP_JWT_SECRET must be at least 32 characters in production")
        if _flag(env.get("PNP_DEV_LOGIN")):
            raise SettingsError("PNP_DEV_LOGIN must not be enabled when PNP_ENV=production")
    max_age = _int(env, "TELEGRAM_INIT_DATA_MAX_AGE", 24 * 3600)
    if max_age < 0:
        raise SettingsError("TELEGRAM_INIT_DATA_MAX_AGE must be 0 (off) or a number of seconds")
    log_format = env.get("PNP_LOG_FORMAT", "auto").strip().lower() or "auto"
    if log_format not in ("auto", "json", "text"):
        raise SettingsError(f"PNP_LOG_FORMAT must be auto, json or text, got {log_format!r}")
    host = env.get("HOST", "127.0.0.1")
    port = _int(env, "PORT", 8000)
    return Settings(
        environment=environment,  # type: ignore[arg-type]
        host=host,
        port=port,
        workers=max(1, _int(env, "WORKERS", _int(env, "WEB_CONCURRENCY", 1))),
        access_log=_flag(env.get("PNP_ACCESS_LOG", "1")),
        log_format=log_format,  # type: ignore[arg-type]
        database_url=env.get("DATABASE_URL") or None,
        redis_url=env.get("REDIS_URL") or None,
        redis_cluster=_flag(env.get("REDIS_CLUSTER")),
        jwt_secret=jwt_secret or _dev_jwt_secret(var_dir),
        access_token_ttl=_int(env, "PNP_ACCESS_TOKEN_TTL", 15 * 60),
        refresh_token_ttl=_int(env, "PNP_REFRESH_TOKEN_TTL", 30 * 24 * 3600),
        telegram_bot_token=bot_token,
        telegram_init_data_max_age=max_age,
        telegram_bot_id=_bot_id(env, bot_token),
        telegram_public_key_hex=env.get("TELEGRAM_PUBLIC_KEY") or TELEGRAM_PUBLIC_KEY_HEX,
        telegram_bot_username=env.get("TELEGRAM_BOT_USERNAME") or None,
        dev_login=_flag(env.get("PNP_DEV_LOGIN")),
        model_approval=_flag(env.get("PNP_MODEL_APPROVAL")),
        admin_telegram_ids=_telegram_ids(env, "PNP_ADMIN_TELEGRAM_IDS"),
        var_dir=var_dir,
        ice_host_addresses=tuple(
            a.strip() for a in env.get("ICE_HOST_ADDRESSES", "").split(",") if a.strip()
        ),
        public_url=env.get("PNP_PUBLIC_URL", f"http://{host}:{port}"),
        instance_url=env.get("PNP_INSTANCE_URL", f"http://{host}:{port}"),
        auth_rate_per_minute=_int(env, "PNP_AUTH_RATE_PER_MINUTE", 30),
        call_grace_minutes=_int(env, "PNP_CALL_GRACE_MINUTES", 10),
        call_close_interval_s=float(_int(env, "PNP_CALL_CLOSE_INTERVAL_S", 15)),
        cors_origins=tuple(o.strip() for o in env.get("PNP_CORS_ORIGINS", "").split(",") if o.strip()),
        csp_connect_src=tuple(o.strip() for o in env.get("PNP_CSP_CONNECT_SRC", "").split(",") if o.strip()),
        booking_hold_ttl_s=_int(env, "PNP_BOOKING_HOLD_TTL_S", 600),
        booking_max_live_holds=_int(env, "PNP_BOOKING_MAX_LIVE_HOLDS", 3),
        booking_attempts_per_minute=_int(env, "PNP_BOOKING_ATTEMPTS_PER_MINUTE", 20),
        booking_sweep_interval_s=float(_int(env, "PNP_BOOKING_SWEEP_INTERVAL_S", 15)),
        booking_cancel_cutoff_hours=_int(env, "PNP_BOOKING_CANCEL_CUTOFF_HOURS", 24),
        booking_late_refund_share=_int(env, "PNP_BOOKING_LATE_REFUND_PERCENT", 50) / 100,
        payment_commission_rate=_int(env, "PNP_COMMISSION_PERCENT", 30) / 100,
        payment_earnings_hold_days=_int(env, "PNP_EARNINGS_HOLD_DAYS", 7),
        payment_expiry_interval_s=float(_int(env, "PNP_PAYMENT_EXPIRY_INTERVAL_S", 30)),
        membership_interval_s=float(_int(env, "PNP_MEMBERSHIP_INTERVAL_S", 60)),
        payment_sandbox_secret=env.get("PNP_SANDBOX_WEBHOOK_SECRET", ""),
        stripe_secret_key=env.get("STRIPE_SECRET_KEY") or None,
        stripe_publishable_key=env.get("STRIPE_PUBLISHABLE_KEY") or None,
        stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET") or None,
        stripe_api_base=env.get("STRIPE_API_BASE") or None,
        crypto_api_key=env.get("NOWPAYMENTS_API_KEY") or None,
        crypto_ipn_secret=env.get("NOWPAYMENTS_IPN_SECRET", ""),
        crypto_api_base=env.get("NOWPAYMENTS_API_BASE", "https://api.nowpayments.io"),
        crypto_pay_currency=env.get("NOWPAYMENTS_PAY_CURRENCY", "usdttrc20"),
        **_realtime_settings(env),
        moderation_mute_blocks=_int(env, "PNP_MODERATION_MUTE_BLOCKS", 3),
        moderation_mute_window_s=_int(env, "PNP_MODERATION_MUTE_WINDOW_S", 600),
        moderation_mute_minutes=_int(env, "PNP_MODERATION_MUTE_MINUTES", 15),
    )


def _realtime_settings(env: Mapping[str, str]) -> dict[str, Any]:
    def number(name: str, default: float) -> float:
        raw = env.get(name, "").strip()
        try:
            return float(raw) if raw else default
        except ValueError as exc:
            raise SettingsError(f"{name} must be a number, got {raw!r}") from exc

    leads = env.get("PNP_REMINDER_LEADS_MIN", "60,10")
    try:
        lead_minutes = tuple(int(x) for x in leads.split(",") if x.strip())
    except ValueError as exc:
        raise SettingsError(f"PNP_REMINDER_LEADS_MIN must be minutes like 60,10, got {leads!r}") from exc
    return {
        "realtime_prefix": env.get("PNP_RT_PREFIX", "pnp:rt"),
        "ws_buffer_bytes": _int(env, "PNP_WS_BUFFER_BYTES", 1_000_000),
        "chat_max_length": _int(env, "PNP_CHAT_MAX_LENGTH", 500),
        "chat_burst": _int(env, "PNP_CHAT_BURST", 5),
        "chat_per_second": number("PNP_CHAT_PER_SECOND", 1.0),
        "presence_ttl": number("PNP_PRESENCE_TTL", 15.0),
        "media_owner_ttl": number("PNP_MEDIA_OWNER_TTL", 15.0),
        "presence_reconcile_every": number("PNP_PRESENCE_RECONCILE_EVERY", 2.0),
        "viewers_every": number("PNP_VIEWERS_EVERY", 1.0),
        "resume_max_messages": _int(env, "PNP_RESUME_MAX_MESSAGES", 1000),
        "resume_max_age": number("PNP_RESUME_MAX_AGE", 120.0),
        "reminder_leads_min": lead_minutes,
        "reminder_every": number("PNP_REMINDER_EVERY", 30.0),
        "telegram_api_base": env.get("TELEGRAM_API_BASE", "https://api.telegram.org"),
    }
