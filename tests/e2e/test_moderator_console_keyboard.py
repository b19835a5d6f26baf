"""A moderator works the console with the keyboard at phone width: a toxic message arrives live
with its scores, the chat before it and the author's name, the nav's pending count rises, J/K
move, U upholds, the item collapses and the count drops; nothing scrolls sideways."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
import websockets
from playwright.async_api import expect

PHONE = {"width": 390, "height": 844}
TOXIC = "I am going to kill you and your family"


async def _say(base_url: str, headers: dict[str, str], room: str,
               *texts: str) -> list[dict[str, Any]]:
    """Chat in `room` as a WebSocket client: each text's answer, its echo or its refusal."""
    token = headers["Authorization"].removeprefix("Bearer ")
    answers = []
    async with asyncio.timeout(15), websockets.connect(
            base_url.replace("http://", "ws://") + "/ws",
            subprotocols=["pnp.v1", f"bearer.{token}"]) as ws:  # type: ignore[list-item]
        await ws.send(msgspec.json.encode({"type": "subscribe", "channel": f"room:{room}"}))
        while msgspec.json.decode(await ws.recv())["type"] != "subscribed":
            pass
        for text in texts:
            await ws.send(msgspec.json.encode({"type": "chat", "room": room, "text": text}))
            while True:
                frame = msgspec.json.decode(await ws.recv())
                if frame["type"] in ("rejected", "error") or frame.get("text") == text:
                    answers.append(frame)
                    break
    return answers


async def test_moderator_reviews_with_the_keyboard(open_browser, sign_in, base_url, client, login,
                                                   conn) -> None:
    model = (await client.get("/api/me", headers=await login("MODEL"))).json()
    room = f"live:{model['model_id']}"
    author = await login("PRIME", username="rude_rita")
    author_id = (await client.get("/api/me", headers=author)).json()["id"]
    older_id = await conn.fetchval(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, scores, action,
                  classifier_version, created_at)
           VALUES ($1, $2, 'an older insult', '{HR}', '{"HR": 0.8}', 'flag', 'test',
                   now() - interval '1 hour') RETURNING id""", author_id, room)

    context = await open_browser(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.pages[0] if context.pages else await context.new_page()
    await sign_in(page, "MODERATOR", username="mod_mo")
    await page.goto(f"{base_url}/#/moderation")
    count = page.get_by_test_id("pending-count")
    on_menu = page.get_by_test_id("menu-pending-count")  # the nav is folded at phone width
    feed = page.get_by_test_id("violations")
    older = feed.locator(f'[data-violation-id="{older_id}"]')
    await older.wait_for()
    await expect(count).to_have_text("1")
    await expect(page.get_by_test_id("shortcuts")).to_contain_text("U")

    said, refused = await _say(base_url, author, room, "hello everyone", TOXIC)
    assert said["type"] == "chat" and refused["reason"] == "blocked", (said, refused)
    live = feed.locator(".violation", has_text=TOXIC)
    await live.wait_for()
    await expect(count).to_have_text("2")
    await expect(live.locator(".context")).to_contain_text("hello everyone")
    assert await live.locator(".scores meter").count() >= 1
    await expect(live.locator(".violation-head")).to_contain_text("rude_rita")

    await page.keyboard.press("j")
    await expect(live).to_have_attribute("aria-current", "true")
    await page.keyboard.press("j")
    await expect(older).to_have_attribute("aria-current", "true")
    await page.keyboard.press("k")
    await expect(live).to_have_attribute("aria-current", "true")
    await expect(live.locator(".user-history")).to_contain_text("an older insult")
    await page.keyboard.press("u")
    await live.locator("[data-review-status=upheld]").wait_for()
    await expect(live).to_have_attribute("data-state", "reviewed")
    await expect(live.locator(".violation-body")).to_be_hidden()
    await expect(older).to_have_attribute("aria-current", "true")  # the next pending one
    await expect(count).to_have_text("1")
    await expect(on_menu).to_be_visible()
    await expect(on_menu).to_have_text("1")
    assert await page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    status = await conn.fetchval(
        "SELECT review_status FROM stream_chat_violations WHERE message = $1", TOXIC)
    assert status == "upheld"
