"""An empty MODEL account is not in the directory; its studio lists what is missing, and once the
profile is ready the directory shows it. The header names the person by first name, and the admin
bookings table names model and client."""

from __future__ import annotations

READY = {"bio": "Hello.", "prices": [{"duration_minutes": 30, "price_cents": 4000}]}


async def test_empty_model_appears_once_its_profile_is_ready(page, sign_in, client, login):
    await client.post("/api/admin/models", headers=await login("ADMIN"),
                      json={"display_name": "Anchor Ana", **READY})
    await sign_in(page, "MODEL", telegram_id=790000101, first_name="Marisol")
    who = page.get_by_test_id("who")
    assert await who.inner_text() == "Marisol · Model"

    await page.get_by_role("link", name="Anchor Ana").wait_for()
    assert "790000101" not in await page.inner_text("#models")

    await page.get_by_role("link", name="My profile").click()
    checklist = page.get_by_test_id("readiness")
    await checklist.get_by_text("Set at least one price").wait_for()
    assert await checklist.locator("li").count() == 3
    form = page.locator("form.model-form")
    await form.get_by_label("Display name").fill("Marisol Sky")
    await form.get_by_label("Bio").fill("Sunset talks")
    await form.get_by_role("button", name="Add a price").click()
    await form.locator(".price-row").last.get_by_label("Minutes").fill("30")
    await form.locator(".price-row").last.get_by_label("Price").fill("25")
    await form.get_by_role("button", name="Save").click()
    await checklist.get_by_text("Your profile is listed in the directory.").wait_for()

    await page.get_by_role("navigation").get_by_role("link", name="Models", exact=True).click()
    await page.get_by_role("link", name="Marisol Sky").wait_for()


async def test_admin_bookings_table_names_model_and_client(page, sign_in, client, login, conn):
    admin = await login("ADMIN")
    model = (await client.post("/api/admin/models", headers=admin,
                               json={"display_name": "Table Tara", **READY})).json()
    client_id = await conn.fetchval(
        "INSERT INTO users (telegram_id, first_name, username) "
        "VALUES (790000102, 'Quique', 'qq_q') RETURNING id")
    await conn.execute(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, 'completed', now() - interval '1 day',
                   now() - interval '1 day' + interval '30 minutes', 30, 4000, 'USD')""",
        model["id"], client_id)
    await sign_in(page, "ADMIN", first_name="Ada")
    await page.goto(page.url.split("#")[0] + "#/admin/bookings")
    await page.get_by_test_id("booking-client").first.wait_for()
    row = page.locator("tr", has=page.get_by_text("Table Tara"))
    assert await row.get_by_test_id("booking-model").inner_text() == f"Table Tara #{model['id']}"
    assert await row.get_by_test_id("booking-client").inner_text() == f"Quique (@qq_q) #{client_id}"
