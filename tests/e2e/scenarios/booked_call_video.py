"""A confirmed booked call: client and model join from their fake webcams and each sees the
other's video advancing (WHIP publish + WHEP play both ways)."""

from __future__ import annotations

from typing import Any

from harness import app_server, chromium, frames_advance, run, sign_in
from setup_data import CLIENT_ID, MODEL_ID, confirmed_call_now, model_with_prices


async def scenario() -> dict[str, Any]:
    async with app_server() as base, chromium() as new_page:
        model_id = await model_with_prices(base)
        booking_id = await confirmed_call_now(base, model_id)
        client, model = await new_page(), await new_page()
        await sign_in(client, base, "PRIME", CLIENT_ID, "pending_client")
        await sign_in(model, base, "MODEL", MODEL_ID, "pending_model")
        for page in (client, model):
            await page.goto(f"{base}/#/call/{booking_id}")
        seen = {}
        for name, page in (("client", client), ("model", model)):
            seen[name] = await frames_advance(page, "video[data-testid=remote]")
        return {"booking_id": booking_id, "frames": seen}


run(scenario)
