"""The directory in the browser: a FREE account does not see a prime-only model; a PRIME one does."""

from __future__ import annotations

READY = {"bio": "Hello.", "prices": [{"duration_minutes": 30, "price_cents": 4000}]}


async def test_prime_only_model_hidden_from_free_shown_to_prime(page, sign_in, client, login):
    admin = await login("ADMIN")
    for name, visibility in (("Open Olivia", "public"), ("Secret Sara", "prime")):
        created = await client.post("/api/admin/models", headers=admin, json={
            "display_name": name, "visibility": visibility, "bio": "Hello.",
            "prices": [{"duration_minutes": 30, "price_cents": 4000}]})
        assert created.status_code == 201, created.text

    await sign_in(page, "FREE")
    cards = page.locator("#models .card")
    await cards.first.wait_for()
    names = await page.locator("#models h2 a").all_inner_texts()
    assert "Open Olivia" in names and "Secret Sara" not in names

    await sign_in(page, "PRIME")
    await page.get_by_role("link", name="Secret Sara").wait_for()
    await page.get_by_role("link", name="Secret Sara").click()
    # The profile's h1: the directory card's h2 of that name is there before the profile loads.
    await page.get_by_role("heading", name="Secret Sara", level=1).wait_for()
    assert "$40.00" in await page.inner_text("main")


async def test_search_filters_the_directory(page, base_url, client, login):
    admin = await login("ADMIN")
    for name in ("Dancing Dora", "Painting Pia"):
        await client.post("/api/admin/models", headers=admin, json={"display_name": name, **READY})
    await page.goto(base_url + "/")
    await page.get_by_role("link", name="Painting Pia").wait_for()
    await page.get_by_label("Search").fill("dora")
    await page.get_by_role("button", name="Find").click()
    await page.wait_for_function(
        "() => !document.querySelector('#models').innerText.includes('Painting Pia')")
    assert await page.locator("#models h2 a").all_inner_texts() == ["Dancing Dora"]
