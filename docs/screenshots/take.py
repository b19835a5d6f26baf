"""Screenshots of the main pages, desktop and phone width, from a running `make run` server.

    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000 [admin-analytics ...]

Names after the address shoot only those pages.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

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
    ("support", "FREE", "/support", "form"),
    ("moderation", "MODERATOR", "/moderation", ".violation"),
    ("admin-analytics", "ADMIN", "/admin/analytics", "[data-chart=revenue] svg"),
]


async def sign_in(page: Page, base: str, role: str) -> None:
    await page.goto(f"{base}/#/signin")
    await page.locator("select[name=role]").select_option(role)
    await page.locator("form button[type=submit]").click()
    await page.wait_for_function("() => location.hash === '#/'")


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
        await page.locator(ready).first.wait_for()
        if size == "phone":  # the shot shows the screen the page is about, not only its top
            await page.locator(ready).first.scroll_into_view_if_needed()
        await page.mouse.move(0, 0)  # no tooltip where the sign-in click left the pointer
        await page.wait_for_timeout(300)
        await page.screenshot(path=OUT / f"{name}-{suffix}.png", full_page=size == "desktop")
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
