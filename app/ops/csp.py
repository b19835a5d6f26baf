"""The browser app's Content-Security-Policy: what index.html and app/static load, nothing more
(decision 0090). Other responses keep the `frame-ancestors`-only policy of SECURITY_HEADERS (the
Swagger page at /schema/swagger and the sandbox checkout page bring their own scripts)."""

from __future__ import annotations

from urllib.parse import urlsplit

from app.ops.middleware import FRAME_ANCESTORS
from core.config import Settings

# The Login Widget (telegram.org/js/telegram-widget.js) draws its button in an
# oauth.telegram.org frame; the Mini App script (telegram-web-app.js) is on telegram.org too.
TELEGRAM_SCRIPTS = "https://telegram.org"
TELEGRAM_FRAMES = "https://oauth.telegram.org"
# Telegram profile photos (photo_url) are on t.me and telegram.org's CDN hosts.
TELEGRAM_PHOTOS = ("https://t.me", "https://telegram.org", "https://*.telegram.org")
# Stripe's Payment Element, per Stripe's CSP guide, when card payments are configured.
STRIPE = {"script-src": ("https://js.stripe.com", "https://*.js.stripe.com"),
          "frame-src": ("https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"),
          "connect-src": ("https://api.stripe.com",)}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def page_policy(settings: Settings) -> str:
    """`connect-src 'self'` covers fetch and the same-host WebSocket; WHIP/WHEP redirected to a
    room's owner instance (`PNP_INSTANCE_URL`) need that origin too, and others' come from
    PNP_CSP_CONNECT_SRC. Camera previews and peers' video play from MediaStreams, downloads
    (calendar files, receipts) from blob: URLs."""
    directives: dict[str, list[str]] = {
        "default-src": ["'self'"],
        "script-src": ["'self'", TELEGRAM_SCRIPTS],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *TELEGRAM_PHOTOS],
        "media-src": ["'self'", "blob:", "mediastream:"],
        "connect-src": ["'self'", *dict.fromkeys(
            [_origin(settings.public_url), _origin(settings.instance_url), *settings.csp_connect_src])],
        "frame-src": [TELEGRAM_FRAMES],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": [FRAME_ANCESTORS],
    }
    if settings.stripe_secret_key and settings.stripe_webhook_secret:  # as payments' registry
        for name, sources in STRIPE.items():
            directives[name].extend(sources)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())
