"""A toxic chat message is refused: its sender is told why, and it appears on a moderator's
live violation feed, where it can be upheld."""

from __future__ import annotations

from typing import Any

from harness import app_server, chromium, run, sign_in
from setup_data import CLIENT_ID, MODERATOR_ID, model_with_prices

TOXIC = "I am going to kill you and your family"


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        model_id = await model_with_prices(base)
        moderator = await new_page()
        await sign_in(moderator, base, "MODERATOR", MODERATOR_ID, "pending_moderator")
        await moderator.get_by_role("link", name="Moderation").click()
        await moderator.get_by_test_id("violations").wait_for(state="attached")

        client = await new_page()
        await sign_in(client, base, "PRIME", CLIENT_ID, "pending_client")
        await client.goto(f"{base}/#/live/{model_id}")
        await client.get_by_label("Message", exact=True).fill(TOXIC)
        await client.get_by_role("button", name="Send", exact=True).click()
        explained = client.get_by_test_id("rejected")
        await explained.wait_for()

        violation = moderator.locator(".violation", has_text=TOXIC)
        await violation.wait_for()
        await violation.get_by_role("button", name="Uphold").click()
        verdict = violation.locator("[data-review-status]")
        await verdict.wait_for()
        return {"explanation": await explained.inner_text(),
                "review_status": await verdict.get_attribute("data-review-status")}


run(scenario)
