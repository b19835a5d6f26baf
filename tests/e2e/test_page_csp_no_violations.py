"""Under the page's strict CSP the app works without a single violation: the Telegram Login Widget
(script from telegram.org, button frame from oauth.telegram.org) signs a person in, and the
directory's live presence arrives over the same-origin WebSocket.

Telegram is not reachable here, so its two addresses answer with stand-ins that speak the widget's
protocol: the script puts the button frame before itself, the frame posts the signed user up."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time

import msgspec
import pytest
from playwright.async_api import Page, Route

from core.config import Settings

BOT_TOKEN = "123456789:AAF-test-bot-token"  # the `settings` fixture's token
BOT = "pnp_csp_bot"
COLLECT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
"""
WIDGET = """
const me = document.currentScript;
const frame = document.createElement("iframe");
frame.src = `https://oauth.telegram.org/embed/${me.dataset.telegramLogin}?origin=${encodeURIComponent(location.origin)}`;
me.parentNode.insertBefore(frame, me);
"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(settings, telegram_bot_username=BOT)


def signed_user() -> dict[str, str]:
    user = {"id": "7654321", "first_name": "Wanda", "username": "wanda_tg",
            "auth_date": str(int(time.time()))}
    check = "\n".join(f"{k}={user[k]}" for k in sorted(user)).encode()
    user["hash"] = hmac.new(hashlib.sha256(BOT_TOKEN.encode()).digest(), check, hashlib.sha256).hexdigest()
    return user


async def stand_in_telegram(page: Page) -> None:
    message = json.dumps({"event": "auth_user", "auth_data": signed_user()})

    async def widget(route: Route) -> None:
        await route.fulfill(content_type="text/javascript", body=WIDGET)

    async def button(route: Route) -> None:
        await route.fulfill(content_type="text/html", body=(
            f"<button>Log in</button><script>parent.postMessage({json.dumps(message)}, '*')</script>"))

    await page.route("https://telegram.org/js/telegram-widget.js*", widget)
    await page.route("https://oauth.telegram.org/embed/**", button)


async def test_widget_sign_in_and_live_directory_without_violations(page: Page, base_url: str) -> None:
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    answered: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def on_frame(_: object) -> None:
        if not answered.done():
            answered.set_result(None)

    page.on("websocket", lambda socket: socket.on("framereceived", on_frame))
    await page.add_init_script(COLLECT)
    await stand_in_telegram(page)

    await page.goto(f"{base_url}/#/signin")
    await page.wait_for_function("() => location.hash === '#/onboarding'")  # the widget's user is in
    await page.get_by_label("I accept the terms of use").check()
    await page.get_by_label("I am 18 or older").check()
    await page.get_by_role("button", name="Continue").click()
    await page.get_by_role("heading", name="Models", level=1).wait_for()
    await asyncio.wait_for(answered, 15)  # the server's first frame on the page's WebSocket
    await page.get_by_test_id("who").filter(has_text="wanda_tg").wait_for()

    assert await page.evaluate("window.__violations") == []
    assert console == []
