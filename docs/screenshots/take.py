"""Screenshots of the main pages, desktop and phone width, from a running `make run` server.

    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000 [admin-analytics ...]

Names after the address shoot only those pages. `live-report` has the demo PRIME user say
something in the first model's room (over the WebSocket) and the demo FREE user open the report
form on it; `moderation` waits for the nav's pending count.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

import httpx
import websockets
from PIL import Image
from playwright.async_api import Page, async_playwright

OUT = Path(__file__).resolve().parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]
SIZES = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}
# name, role (None: visitor), path, what to wait for
PAGES = [
    ("directory", None, "/", "#models .card"),
    ("signin", None, "/signin", "select[name=role]"),
    ("profile", "PRIME", "/models/1", "button.slot, .week .muted"),
    ("booking-hold", "PRIME", None, "[data-testid=countdown]"),
    ("studio-availability", "MODEL", "/studio/availability", "ul.rules"),
    ("studio-profile", "MODEL", "/studio/profile", "form.model-form"),
    ("admin-models", "ADMIN", "/admin/models", "table img.thumb"),
    ("admin-bookings", "ADMIN", "/admin/bookings", "table td a"),
    ("support", "FREE", "/support", "form"),
    ("moderation", "MODERATOR", "/moderation", ".violation .context li"),
    ("live-report", "FREE", "/live/1", ".messages .report-form"),
    ("admin-analytics", "ADMIN", "/admin/analytics", "[data-chart=revenue] svg"),
]


def shrink(path: Path) -> None:
    """256 colours are plenty for a UI: a third of the bytes in the repository."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    small.save(path, optimize=True)


async def sign_in(page: Page, base: str, role: str) -> None:
    await page.goto(f"{base}/#/signin")
    await page.locator("select[name=role]").select_option(role)
    await page.locator("form button[type=submit]").click()
    await page.wait_for_function("() => location.hash === '#/'")


async def say(base: str, room: str, *texts: str) -> None:
    """The demo PRIME user (Paula) sends `texts` to `room` over the WebSocket."""
    async with httpx.AsyncClient(base_url=base) as client:
        login = await client.post("/api/auth/dev-login", json={"telegram_id": 1002, "role": "PRIME"})
        token = login.raise_for_status().json()["access_token"]
    async with websockets.connect(base.replace("http", "ws", 1) + "/ws",
                                  subprotocols=["pnp.v1", f"bearer.{token}"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "subscribe", "channel": f"room:{room}", "ref": "in"}))
        while json.loads(await ws.recv()).get("ref") != "in":
            pass
        for text in texts:
            await ws.send(json.dumps({"type": "chat", "room": room, "text": text}))
            while json.loads(await ws.recv()).get("type") != "chat":
                pass


async def open_report(page: Page, base: str) -> None:
    await page.get_by_label("Message", exact=True).wait_for()
    await say(base, "live:1", "hi Luna, lovely show tonight",
              "give me your address, I will wait for you after the show")
    line = page.locator(".messages li", has_text="your address").last
    await line.locator(".report-button").click()
    await line.locator("select[name=reason]").select_option("HR")


async def shoot(page: Page, base: str, size: str, locale: str, only: list[str]) -> None:
    suffix = f"{size}" if locale == "en" else f"{size}-{locale}"
    for name, role, path, ready in PAGES:
        if only and name not in only:
            continue
        if locale != "en" and name not in ("directory", "profile", "moderation"):
            continue
        await page.goto(f"{base}/#/")
        await page.evaluate("localStorage.removeItem('pnp.session')")
        if role:
            await sign_in(page, base, role)
        if locale != "en":  # a signed-in user's own language setting outranks the browser's
            await page.locator("#lang").select_option(locale)
            await page.wait_for_function(f"() => document.documentElement.lang === '{locale}'")
        if path is None:  # a fresh hold: the first free slot of the first model
            await page.goto(f"{base}/#/models/1")
            await page.locator("button.slot").first.click()
        else:
            await page.goto(f"{base}/#{path}")
        if name == "live-report":
            await open_report(page, base)
        await page.locator(ready).first.wait_for()
        if name == "moderation":  # the nav's count (behind the menu button at phone width)
            await page.locator("[data-testid=pending-count]").first.wait_for(state="attached")
        if size == "phone":  # the shot shows the screen the page is about, not only its top
            await page.locator(ready).first.scroll_into_view_if_needed()
        await page.mouse.move(0, 0)  # no tooltip where the sign-in click left the pointer
        await page.wait_for_timeout(300)
        full = size == "desktop" and name != "admin-bookings"  # fifty rows say no more than fifteen
        await page.screenshot(path=OUT / f"{name}-{suffix}.png", full_page=full)
        shrink(OUT / f"{name}-{suffix}.png")
        if path is None:  # let the slot go again
            await page.locator("button.danger").click()
            await page.locator(".badge.st-cancelled").wait_for()


async def main(base: str, only: list[str]) -> None:
    async with async_playwright() as p:
        for locale in ("en", "es"):
            for size, viewport in SIZES.items():
                context = await p.chromium.launch_persistent_context(
                    tempfile.mkdtemp(), executable_path="/usr/bin/chromium", args=FLAGS, headless=True,
                    viewport=viewport, locale=locale, is_mobile=size == "phone",
                    timezone_id="Europe/Madrid")
                page = context.pages[0]
                await shoot(page, base, size, locale, only)
                await context.close()


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000", sys.argv[2:]))
