"""Headless Debian Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import BrowserContext, Page, Playwright, async_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
async def playwright() -> AsyncIterator[Playwright]:
    async with async_playwright() as p:
        yield p


@pytest.fixture
async def open_browser(playwright: Playwright,
                       tmp_path: Path) -> AsyncIterator[Callable[..., Awaitable[BrowserContext]]]:
    """`await open_browser(locale="es-ES", viewport=PHONE)`: a fresh profile each call."""
    contexts: list[BrowserContext] = []

    async def _open(**options: Any) -> BrowserContext:
        profile = tmp_path / f"profile-{len(contexts)}"
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "en-US")
        context = await playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, headless=True, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield _open
    for context in contexts:
        await context.close()


@pytest.fixture
async def page(open_browser: Callable[..., Awaitable[BrowserContext]]) -> Page:
    context = await open_browser()
    return context.pages[0] if context.pages else await context.new_page()


SignIn = Callable[..., Awaitable[None]]


@pytest.fixture
def sign_in(base_url: str) -> SignIn:
    """Signs `page` in through the dev-login form, as a real user would."""

    async def _sign_in(page: Page, role: str, *, telegram_id: int | None = None,
                       username: str | None = None) -> None:
        await page.goto(f"{base_url}/#/signin")
        await page.get_by_label("Role").select_option(role)
        if telegram_id is not None:
            await page.get_by_label("Telegram id").fill(str(telegram_id))
        if username is not None:
            await page.get_by_label("Username (optional)").fill(username)
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await page.wait_for_function("location.hash === '#/'")

    return _sign_in
