"""A client picks a slot in the calendar, sees the hold's countdown, pays in the sandbox's hosted
page, and the confirmation arrives on the open booking page without a reload (by a notification
frame once the realtime gateway is merged; by the page's own 5 s poll until then)."""

from __future__ import annotations

import re
from typing import Any

from harness import app_server, chromium, run, sign_in
from setup_data import CLIENT_ID, model_with_prices


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        model_id = await model_with_prices(base, always_open=True)
        client = await new_page()
        await sign_in(client, base, "PRIME", CLIENT_ID, "pending_client")
        await client.goto(f"{base}/#/models/{model_id}")
        await client.locator("button.slot").first.click()
        countdown = client.get_by_test_id("countdown")
        await countdown.wait_for()
        first = await countdown.inner_text()
        await client.wait_for_function(
            "(t) => document.querySelector('[data-testid=countdown]').textContent !== t", arg=first)
        await client.evaluate("window.__noReload = true")

        await client.get_by_role("button", name="Sandbox (test)").click()
        async with client.context.expect_page() as popup_info:
            await client.get_by_role("link", name="Open the payment page").click()
        hosted = await popup_info.value
        await hosted.get_by_role("button", name=re.compile("pay", re.I)).first.click()

        await client.get_by_text("Confirmed! Your session is booked.").wait_for()
        assert await client.evaluate("window.__noReload === true")
        return {"countdown_started_at": first, "url": client.url}


run(scenario)
