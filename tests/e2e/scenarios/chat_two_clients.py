"""Two clients in a model's show chat: each sees the other's message, live."""

from __future__ import annotations

from typing import Any

from harness import app_server, chromium, run, sign_in
from setup_data import CLIENT2_ID, CLIENT_ID, model_with_prices


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        model_id = await model_with_prices(base)
        ana, ben = await new_page(), await new_page()
        await sign_in(ana, base, "PRIME", CLIENT_ID, "ana")
        await sign_in(ben, base, "PRIME", CLIENT2_ID, "ben")
        for page in (ana, ben):
            await page.goto(f"{base}/#/live/{model_id}")
            await page.get_by_label("Message", exact=True).wait_for()
        await ana.get_by_label("Message", exact=True).fill("hola Ben, ¿qué tal?")
        await ana.get_by_role("button", name="Send", exact=True).click()
        await ben.locator(".messages").get_by_text("hola Ben, ¿qué tal?").wait_for()
        await ben.get_by_label("Message", exact=True).fill("muy bien, Ana")
        await ben.get_by_role("button", name="Send", exact=True).click()
        await ana.locator(".messages").get_by_text("muy bien, Ana").wait_for()
        return {"ana_saw": await ana.locator(".messages li").count(),
                "ben_saw": await ben.locator(".messages li").count()}


run(scenario)
