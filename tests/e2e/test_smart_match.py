"""Smart match in the browser: ranked slots with the parts of each score, and holding one."""

from __future__ import annotations


async def test_match_ranks_and_holds(page, sign_in, client, login):
    admin = await login("ADMIN")
    model = (await client.post("/api/admin/models", headers=admin, json={
        "display_name": "Matching Mira", "timezone": "UTC", "languages": ["es"], "bio": "Hola.",
        "prices": [{"duration_minutes": 30, "price_cents": 2500}]})).json()
    for weekday in range(1, 8):
        rule = await client.post(f"/api/admin/models/{model['id']}/availability/weekly", headers=admin,
                                 json={"weekday": weekday, "start_minute": 0, "end_minute": 1440})
        assert rule.status_code == 201, rule.text

    await sign_in(page, "PRIME")
    await page.get_by_role("navigation").get_by_role("link", name="Smart match").click()
    await page.locator("form.filters").get_by_label("Language").select_option("es")
    await page.get_by_role("button", name="Find matches").click()
    card = page.locator("ol li.card", has=page.get_by_role("link", name="Matching Mira")).first
    await card.wait_for()
    assert "time fit" in await card.inner_text() and "score" in await card.inner_text()
    await card.get_by_role("button", name="Hold this slot").click()
    await page.get_by_test_id("countdown").wait_for()
    assert "held" in await page.inner_text("main")
