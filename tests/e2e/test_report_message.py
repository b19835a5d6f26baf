"""A FREE viewer reports a chat message in a live show; a moderator sees it arrive live marked
as reported, with the chat said before it, upholds it with the keyboard (J, U), and moderation
analytics counts the classifier's miss."""

from __future__ import annotations

from playwright.async_api import expect

MESSAGE = "see you all at the next show"
EARLIER = "hello Paula, lovely show"


async def test_free_user_reports_and_moderator_upholds(open_browser, sign_in, client, login):
    model = await login("MODEL", telegram_id=791000001, username="paula_live")
    profile = await client.put("/api/model/me", headers=model, json={
        "display_name": "Paula Live", "bio": "Evening shows.", "timezone": "UTC",
        "prices": [{"duration_minutes": 30, "price_cents": 3000}]})
    assert profile.status_code == 200, profile.text
    model_id = profile.json()["id"]
    pages = {}
    for role, telegram_id, username in (("MODERATOR", 791000002, "mod_mia"),
                                        ("PRIME", 791000003, "loud_lou"),
                                        ("FREE", 791000004, "fair_fay")):
        context = await open_browser()
        page = context.pages[0] if context.pages else await context.new_page()
        await sign_in(page, role, telegram_id=telegram_id, username=username)
        pages[role] = page
    moderator, author, reporter = pages["MODERATOR"], pages["PRIME"], pages["FREE"]
    await moderator.get_by_role("link", name="Moderation").click()
    await moderator.get_by_test_id("violations").wait_for(state="attached")
    for page in (author, reporter):
        await page.goto(f"{client.base_url}/#/live/{model_id}")
        await page.get_by_label("Message", exact=True).wait_for()

    for page, text in ((reporter, EARLIER), (author, MESSAGE)):
        await page.get_by_label("Message", exact=True).fill(text)
        await page.get_by_role("button", name="Send", exact=True).click()
        await reporter.locator(".messages li", has_text=text).wait_for()
    line = reporter.locator(".messages li", has_text=MESSAGE)
    await line.get_by_role("button", name="Report this message by loud_lou").click()
    await line.get_by_label("What is wrong with it?").select_option(label="harassment")
    await line.get_by_role("button", name="Send report").click()
    await line.get_by_text("Reported — a moderator will look at it.").wait_for()

    item = moderator.locator(".violation", has=moderator.get_by_test_id("reported"), has_text=MESSAGE)
    await item.wait_for()
    assert "reported by fair_fay as harassment" in await item.get_by_test_id("reported").inner_text()
    said_before = item.get_by_role("region", name="Said before it in this room")
    lines = await said_before.locator("li").all_inner_texts()
    assert len(lines) == 2, lines
    assert lines[0].endswith(f"fair_fay {EARLIER}") and lines[1].endswith(f"loud_lou {MESSAGE}")
    await moderator.keyboard.press("j")
    await expect(item).to_have_attribute("aria-current", "true")
    await moderator.keyboard.press("u")
    await item.locator("[data-review-status=upheld]").wait_for()

    analytics = (await client.get("/api/admin/moderation/analytics", headers=await login("ADMIN"))).json()
    assert analytics["missed"] == 1 and analytics["misses"][0]["category"] == "HR"
