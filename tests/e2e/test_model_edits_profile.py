"""A model edits its own profile in the studio; the public profile shows the change."""

from __future__ import annotations


async def test_model_edits_bio_name_and_price(page, sign_in, base_url):
    await sign_in(page, "MODEL", username="studio_sam")
    await page.get_by_role("link", name="My profile").click()
    form = page.locator("form.model-form")
    await form.get_by_label("Display name").fill("Samantha Studio")
    await form.get_by_label("Bio").fill("New bio from the studio")
    await form.get_by_role("button", name="Add a price").click()
    await form.locator(".price-row").last.get_by_label("Minutes").fill("20")
    await form.locator(".price-row").last.get_by_label("Price").fill("30")
    await form.get_by_role("button", name="Save").click()
    await form.get_by_text("Saved.").wait_for()

    await page.get_by_role("link", name="See my public profile").click()
    await page.get_by_role("heading", name="Samantha Studio").wait_for()
    text = await page.inner_text("main")
    assert "New bio from the studio" in text and "$30.00" in text
