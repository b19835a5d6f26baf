"""Headless Debian Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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
                       username: str | None = None, first_name: str | None = None) -> None:
        await page.goto(f"{base_url}/#/signin")
        await page.get_by_label("Role").select_option(role)
        if telegram_id is not None:
            await page.get_by_label("Telegram id").fill(str(telegram_id))
        if username is not None:
            await page.get_by_label("Username (optional)").fill(username)
        if first_name is not None:
            await page.get_by_label("First name (optional)").fill(first_name)
        await page.get_by_role("button", name="Sign in", exact=True).click()
        await page.wait_for_function("() => location.hash === '#/'")

    return _sign_in


SCENARIOS = Path(__file__).resolve().parent / "scenarios"
SOCKET_DIRS = ("/var/run/postgresql", "/run/postgresql", "/tmp")  # noqa: S108 - where sockets live


def _socket_url(database_url: str) -> str:
    """The test server's `postgres` database through its Unix socket: the namespace has no route
    to the host's 127.0.0.1, but a socket file is reachable from any network namespace."""
    parts = urlsplit(database_url)
    if "host=" in parts.query:  # already a socket (the embedded server)
        return urlunsplit(parts._replace(path="/postgres"))
    port = parts.port or 5432
    directory = next((d for d in SOCKET_DIRS if Path(d, f".s.PGSQL.{port}").exists()), None)
    if directory is None:
        raise RuntimeError(f"no PostgreSQL Unix socket for port {port} in {SOCKET_DIRS}")
    user = parts.username or "postgres"
    return f"postgresql://{user}@/postgres?host={directory}&port={port}"


RunScenario = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def run_scenario(database_url: str) -> RunScenario:
    """`await run_scenario("camera_preview")` runs tests/e2e/scenarios/camera_preview.py inside
    `unshare --net` with only `lo` up, and returns its JSON report; a failure's report holds every
    page's text, media state, requests, peer connections and console trace."""

    async def _run(name: str, limit_seconds: float = 150) -> dict[str, Any]:
        script = SCENARIOS / f"{name}.py"
        env = {**os.environ, "PNP_E2E_DATABASE": _socket_url(database_url),
               "ICE_HOST_ADDRESSES": "127.0.0.1", "REDIS_URL": ""}
        process = await asyncio.create_subprocess_exec(
            "unshare", "--net", "--", "sh", "-c",
            f'ip link set lo up && exec "{sys.executable}" "{script}"',
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, cwd=SCENARIOS)
        try:
            out, err = await asyncio.wait_for(process.communicate(), limit_seconds)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(f"{name} ran past {limit_seconds} s") from None
        lines = out.decode().strip().splitlines()
        assert lines, f"{name} printed nothing; stderr:\n{err.decode()[-3000:]}"
        report: dict[str, Any] = json.loads(lines[-1])
        assert report["ok"], f"{name}: {report.get('trace') or report}\nstderr:\n{err.decode()[-2000:]}"
        return report

    return _run
