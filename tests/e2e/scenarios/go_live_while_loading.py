"""A model presses "Go live" while the studio's earnings are still on their way: the press is not
lost. When the earnings arrived mid-press they pushed the button down, the release landed on
another element and no click happened (the fake-camera scenarios then saw no preview frame and
no "You are live."). Here the earnings answer is held until the studio has asked for it. If
"Go live" is on the page by then, the scenario presses it, lets the earnings in, waits until their
figures are on the page, and only then releases; if not (the studio shows itself with its data),
it lets the earnings in and clicks once the button appears."""

from __future__ import annotations

import asyncio
from typing import Any

from harness import app_server, chromium, run, sign_in
from playwright.async_api import Route


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        page = await new_page()
        await sign_in(page, base, "MODEL", 4102, "slow_press_model")
        asked, let_in = asyncio.Event(), asyncio.Event()

        async def held(route: Route) -> None:
            asked.set()
            await let_in.wait()
            await route.continue_()

        await page.route("**/api/model/me/earnings", held)
        await page.get_by_role("link", name="Studio").click()
        await asyncio.wait_for(asked.wait(), 10)
        go_live = page.get_by_role("button", name="Go live")
        shown_before_data = await go_live.is_visible()
        if shown_before_data:
            box = await go_live.bounding_box()
            assert box is not None
            await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            await page.mouse.down()
            let_in.set()
            await page.locator("dl.figures").wait_for()
            await page.mouse.up()
        else:
            let_in.set()
            await go_live.click()
        await page.get_by_text("You are live.").wait_for(timeout=10_000)
        return {"shown_before_data": shown_before_data,
                "status": await page.locator("section.card .status").last.inner_text()}


run(scenario)
