"""A moderator works the console with the keyboard: a toxic message arrives live with the chat
before it, the nav's pending count rises, J/K move, U upholds, the item collapses and the count
drops; at phone width nothing scrolls sideways."""

from __future__ import annotations

import msgspec
import websockets

PHONE = {"width": 390, "height": 844}
TOXIC = "I am going to kill you and your family"


async def test_moderator_console_keyboard(open_browser, base_url, client, login, conn) -> None:
    model = (await client.get("/api/me", headers=await login("MODEL"))).json()
    room = f"live:{model['model_id']}"
    author = await login("PRIME", username="rude_rita")
    author_id = (await client.get("/api/me", headers=author)).json()["id"]
    await conn.execute(
        """INSERT INTO stream_chat_violations (user_id, room, message, categories, scores, action,
                  classifier_version, created_at)
           VALUES ($1, $2, 'an older insult', '{HR}', '{"HR": 0.8}', 'flag', 'test',
                   now() - interval '1 hour')""", author_id, room)

    context = await open_browser(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.pages[0] if context.pages else await context.new_page()
    await page.goto(f"{base_url}/#/signin")
    await page.get_by_label("Role").select_option("MODERATOR")
    await page.get_by_label("Username (optional)").fill("mod_mo")
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await page.wait_for_function("() => location.hash === '#/'")
    await page.goto(f"{base_url}/#/moderation")
    count = page.get_by_test_id("pending-count")
    feed = page.get_by_test_id("violations")
    await feed.locator(".violation").first.wait_for()
    await page.wait_for_function(
        "() => document.querySelector('[data-testid=pending-count]')?.textContent === '1'")
    assert await page.get_by_test_id("shortcuts").is_visible()

    token = author["Authorization"].removeprefix("Bearer ")
    async with websockets.connect(base_url.replace("http", "ws", 1) + f"/ws?token={token}") as ws:
        async def send(frame: dict[str, object], ref: str) -> None:
            await ws.send(msgspec.json.encode({**frame, "ref": ref}).decode())
            while msgspec.json.decode(await ws.recv()).get("ref") != ref:
                pass
        await send({"type": "subscribe", "channel": f"room:{room}"}, "s")
        await send({"type": "chat", "room": room, "text": "hello everyone"}, "c1")  # echoed, no ref
        await send({"type": "chat", "room": room, "text": TOXIC}, "c2")  # answered by `rejected`

    live = feed.locator(".violation", has_text=TOXIC)
    await live.wait_for()
    await page.wait_for_function(
        "() => document.querySelector('[data-testid=pending-count]')?.textContent === '2'")
    assert await live.locator(".context", has_text="hello everyone").count() == 1
    assert await live.locator(".scores meter").count() >= 1
    assert "rude_rita" in await live.locator(".violation-head").inner_text()

    older = feed.locator(".violation", has_text="an older insult")
    await page.keyboard.press("j")
    assert await live.get_attribute("aria-current") == "true"
    await page.keyboard.press("j")
    assert await older.get_attribute("aria-current") == "true"
    await page.keyboard.press("k")
    assert await live.get_attribute("aria-current") == "true"
    await live.locator(".user-history", has_text="an older insult").wait_for()
    await page.keyboard.press("u")
    await live.locator("[data-review-status=upheld]").wait_for()
    assert await live.get_attribute("data-state") == "reviewed"
    assert not await live.locator(".violation-body").is_visible()
    assert await older.get_attribute("aria-current") == "true"  # the next pending one
    await page.wait_for_function(
        "() => document.querySelector('[data-testid=pending-count]')?.textContent === '1'")
    assert await count.count() == 1
    assert await page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    status = await conn.fetchval(
        "SELECT review_status FROM stream_chat_violations WHERE message = $1", TOXIC)
    assert status == "upheld"
