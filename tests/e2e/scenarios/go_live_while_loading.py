"""A model presses "Go live" while the studio's earnings are still on their way: the press is not
lost. When the earnings arrived mid-press they pushed the button down, the release landed on
another element and no click happened (the fake-camera scenarios then saw no preview frame and
no "You are live."). The earnings answer here is held for a second and the press lasts longer."""

from __future__ import annotations

import asyncio
from typing import Any

from harness import app_server, chromium, run, sign_in
from playwright.async_api import Route

EARNINGS_LATE_S = 1.0
PRESS_MS = 2_000


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        page = await new_page()
        await sign_in(page, base, "MODEL", 4102, "slow_press_model")

        async def late(route: Route) -> None:
            await asyncio.sleep(EARNINGS_LATE_S)
            await route.continue_()

        await page.route("**/api/model/me/earnings", late)
        await page.get_by_role("link", name="Studio").click()
        await page.get_by_role("button", name="Go live").click(delay=PRESS_MS)
        await page.get_by_text("You are live.").wait_for(timeout=10_000)
        return {"status": await page.locator("section.card .status").last.inner_text()}


run(scenario)
