"""A model goes live from the fake webcam (WHIP); a client opens the show (WHEP) and sees its
video frames advancing; a second client joining later sees them too."""

from __future__ import annotations

from typing import Any

from harness import app_server, chromium, frames_advance, run, sign_in
from setup_data import CLIENT2_ID, CLIENT_ID, MODEL_ID, model_with_prices


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        model_id = await model_with_prices(base)
        studio = await new_page()
        await sign_in(studio, base, "MODEL", MODEL_ID, "pending_model")
        await studio.get_by_role("link", name="Studio").click()
        await studio.get_by_role("button", name="Go live").click()
        await studio.get_by_text("You are live.").wait_for()
        frames = {}
        for name, telegram_id in (("first", CLIENT_ID), ("later", CLIENT2_ID)):
            client = await new_page()
            await sign_in(client, base, "PRIME", telegram_id, f"viewer_{name}")
            await client.goto(f"{base}/#/live/{model_id}")
            frames[name] = await frames_advance(client, "video[data-testid=show]")
        await studio.get_by_role("button", name="End the show").click()
        await studio.get_by_text("The show has ended.").wait_for()
        return {"frames": frames}


run(scenario)
