"""A model goes live from the fake webcam; a client sees the model online in the directory
(presence frame, no reload), opens the show and sees video frames advancing; the studio counts
the viewer."""

from __future__ import annotations

from typing import Any

from harness import app_server, chromium, frames_advance, run, sign_in
from setup_data import CLIENT_ID, MODEL_ID, model_with_prices


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        model_id = await model_with_prices(base)
        client = await new_page()
        await sign_in(client, base, "PRIME", CLIENT_ID, "pending_client")
        badge = client.locator(f"[data-online-badge='{model_id}']")
        await badge.wait_for(state="attached")
        assert await badge.is_hidden()

        studio = await new_page()
        await sign_in(studio, base, "MODEL", MODEL_ID, "pending_model")
        await studio.get_by_role("link", name="Studio").click()
        await studio.get_by_label("Online (accept instant bookings)").check()
        await studio.get_by_role("button", name="Go live").click()
        await studio.get_by_text("You are live.").wait_for()

        await badge.wait_for(state="visible")  # pushed by a presence frame
        await client.get_by_role("link", name="Pending Paula").first.click()
        await client.get_by_role("link", name="Watch live").click()
        frames = await frames_advance(client, "video[data-testid=show]")
        await studio.wait_for_function(
            "() => document.querySelector('[data-testid=viewers]').textContent !== '0'")
        viewers = await studio.get_by_test_id("viewers").inner_text()
        return {"frames": frames, "viewers": int(viewers)}


run(scenario)
