"""At phone width the menu folds behind a button, nothing scrolls sideways, cards stay side by side."""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}


async def test_phone_width_directory_and_menu(open_browser, base_url, client, login):
    admin = await login("ADMIN")
    for name in ("Phone One", "Phone Two"):
        await client.post("/api/admin/models", headers=admin, json={
            "display_name": name, "bio": "Hello.", "prices": [{"duration_minutes": 30, "price_cents": 4000}]})
    context = await open_browser(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.pages[0] if context.pages else await context.new_page()
    await page.goto(base_url + "/")
    await page.locator("#models .card").nth(1).wait_for()

    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    assert await menu.is_visible() and not await nav.is_visible()
    await menu.click()
    assert await nav.is_visible()
    assert await menu.get_attribute("aria-expanded") == "true"

    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    boxes = [await page.locator("#models .card").nth(i).bounding_box() for i in range(2)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["width"] < PHONE["width"] / 2


async def test_phone_width_forms_fit(open_browser, base_url):
    context = await open_browser(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.pages[0] if context.pages else await context.new_page()
    await page.goto(base_url + "/#/signin")
    await page.get_by_label("Role").wait_for()
    assert await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    height = (await page.get_by_role("button", name="Sign in", exact=True).bounding_box())["height"]
    assert height >= 40  # a thumb-sized target
