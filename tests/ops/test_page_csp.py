"""The browser app's page carries a strict CSP: scripts only from here and telegram.org, no
inline or eval'd code, frames only Telegram's login button; Stripe's hosts only when cards are
configured. Other responses keep the frame-ancestors policy."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from app.ops.middleware import SECURITY_HEADERS

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"
FRAMERS = ["'self'", "https://web.telegram.org", "https://*.telegram.org"]


def directives(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


async def test_page_policy_allows_only_what_the_page_loads(client: httpx.AsyncClient) -> None:
    policy = directives(await client.get("/"))
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'", "https://telegram.org"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", "https://t.me", "https://telegram.org", "https://*.telegram.org"],
        "media-src": ["'self'", "blob:", "mediastream:"],
        "connect-src": ["'self'", "http://127.0.0.1:8000"],
        "frame-src": ["https://oauth.telegram.org"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": FRAMERS,
    }


async def test_stripe_and_other_instances_only_when_configured(client_with) -> None:
    async with client_with(stripe_secret_key="sk_test_x", stripe_webhook_secret="whsec_x",
                           instance_url="https://eu1.pnp.example:8443",
                           csp_connect_src=("https://eu2.pnp.example",)) as other:
        policy = directives(await other.get("/"))
    assert policy["script-src"] == ["'self'", "https://telegram.org", "https://js.stripe.com",
                                    "https://*.js.stripe.com"]
    assert policy["frame-src"] == ["https://oauth.telegram.org", "https://js.stripe.com",
                                   "https://*.js.stripe.com", "https://hooks.stripe.com"]
    assert policy["connect-src"] == ["'self'", "http://127.0.0.1:8000", "https://eu1.pnp.example:8443",
                                     "https://eu2.pnp.example", "https://api.stripe.com"]


async def test_other_responses_keep_the_frame_ancestors_policy(client: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/static/js/main.js", "/nowhere"):
        response = await client.get(path)
        assert response.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
        assert directives(response) == {"frame-ancestors": FRAMERS}


def test_static_files_have_no_inline_script_style_or_eval() -> None:
    """What the policy would block: inline scripts, handlers and styles in the page; eval, string
    handlers and style attributes from the scripts (the Login Widget's data-onauth is eval'd)."""
    page = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I)
    script = re.compile(r"""\beval\(|new Function\b|setAttribute\(["'](?:style|on)|data-onauth["']""")
    for path in STATIC.rglob("*"):
        pattern = {".html": page, ".js": script}.get(path.suffix)
        if pattern is not None:
            found = pattern.findall(path.read_text())
            assert not found, (path, found)
